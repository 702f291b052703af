#pragma once

#include "chexview/image/ImageMetadata.h"
#include "chexview/image/ModalityLut.h"
#include "chexview/image/StoredImage.h"
#include "chexview/image/VoiWindow.h"

#include <QList>
#include <QMetaType>

#include <memory>
#include <vector>

namespace chexview {

/// A decoded chest X-ray: one gray frame of stored values plus what is needed to turn them into
/// modality values (model input) and display values (VOI + presentation).
/// Immutable after loading; share it with std::shared_ptr<const XrayImage> across threads.
class XrayImage
{
public:
    /// Polarity of the stored values: MONOCHROME1 shows low values bright.
    enum class Polarity
    {
        Monochrome2,
        Monochrome1
    };

    XrayImage() = default;
    XrayImage(StoredImage stored, ModalityLut modality, Polarity polarity, ImageMetadata meta);

    const StoredImage& stored() const { return m_stored; }
    const ModalityLut& modalityLut() const { return m_modality; }
    Polarity polarity() const { return m_polarity; }
    const ImageMetadata& metadata() const { return m_meta; }
    int width() const { return m_stored.width; }
    int height() const { return m_stored.height; }
    int bitsStored() const { return m_stored.bitsStored; }
    int frameCount() const { return m_frames; }
    void setFrameCount(int frames) { m_frames = frames; }

    /// The file's VOI presets (window center/width and VOI LUT items), in file order.
    const QList<VoiWindow>& filePresets() const { return m_presets; }
    void setFilePresets(QList<VoiWindow> presets) { m_presets = std::move(presets); }

    /// Window used when nothing else is chosen: the first file preset, else the modality min/max.
    VoiWindow defaultWindow() const;
    /// Window spanning the full range of modality values present in the image.
    VoiWindow minMaxWindow() const;
    /// Smallest/largest stored value present (computed once at construction).
    std::pair<int32_t, int32_t> storedRange() const { return m_storedRange; }
    /// Modality value range present in the image (computed once at construction).
    std::pair<double, double> modalityRange() const { return m_modalityRange; }

    /// Post-modality values, row-major, for the model and analysis. Polarity is NOT applied.
    std::vector<float> modalityValues() const;
    double modalityValueAt(int x, int y) const { return m_modality.apply(m_stored.at(x, y)); }

private:
    StoredImage m_stored;
    ModalityLut m_modality;
    Polarity m_polarity = Polarity::Monochrome2;
    ImageMetadata m_meta;
    QList<VoiWindow> m_presets;
    int m_frames = 1;
    std::pair<int32_t, int32_t> m_storedRange;
    std::pair<double, double> m_modalityRange;
};

using XrayImagePtr = std::shared_ptr<const XrayImage>;

} // namespace chexview

Q_DECLARE_METATYPE(chexview::XrayImagePtr)
