#pragma once

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace chexview {

/// VOI stage (PS3.3 C.11.2): modality value -> normalized display intensity in [0, 1].
/// A window (center/width with LINEAR, LINEAR_EXACT or SIGMOID function) or a VOI LUT table.
/// Immutable value type; thread-safe.
class VoiWindow
{
public:
    enum class Function
    {
        Linear,
        LinearExact,
        Sigmoid
    };

    VoiWindow() = default;
    VoiWindow(double center, double width, Function function = Function::Linear,
              const QString& name = {});
    /// VOI LUT Sequence item: entries for modality values firstMapped.. ; `bits` is the LUT
    /// entry depth used to normalize the output.
    static VoiWindow lut(int firstMapped, std::vector<uint16_t> entries, int bits,
                         const QString& name = {});

    bool isValid() const { return m_isLut || m_width > 0.0; }
    bool isLut() const { return m_isLut; }
    double center() const { return m_center; }
    double width() const { return m_width; }
    Function function() const { return m_function; }
    QString name() const { return m_name; }
    VoiWindow withName(const QString& name) const;

    /// Maps a modality value to [0, 1].
    double apply(double modalityValue) const;

    static Function parseFunction(const QString& text, bool* ok = nullptr);
    static QString functionName(Function f);

private:
    double m_center = 0.0;
    double m_width = 0.0;
    Function m_function = Function::Linear;
    bool m_isLut = false;
    int m_firstMapped = 0;
    int m_lutMax = 1;
    std::shared_ptr<const std::vector<uint16_t>> m_entries;
    QString m_name;
};

} // namespace chexview
