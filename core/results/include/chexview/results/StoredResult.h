#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace chexview {

/// An AI result read back from a DICOM object (ResultReader): a TID 1500 measurement report's
/// findings, or a Parametric Map's heatmap frames. Values a document does not carry are NaN
/// (probability, threshold) or -1 (positive). Plain value type.
struct StoredResult
{
    enum class Kind
    {
        MeasurementReport,
        ParametricMap
    };
    Kind kind = Kind::MeasurementReport;
    QString path;
    QString sopClassUid;
    QString sopInstanceUid;
    QString studyInstanceUid;
    QString seriesDescription;
    QString algorithmName;
    QString algorithmVersion;
    QString sourceSopInstanceUid;
    QString gateVerdict;
    QStringList labels; ///< findings (SR) or frame labels (PM), in the document's order
    std::vector<double> probabilities;
    std::vector<double> thresholds;
    std::vector<int> positive;
    // Parametric Map only: frames [labels.size(), rows, columns], row-major.
    int rows = 0;
    int columns = 0;
    std::vector<float> frames;

    /// "tid1500-sr" or "parametric-map".
    QString kindName() const
    {
        return kind == Kind::MeasurementReport ? QStringLiteral("tid1500-sr")
                                               : QStringLiteral("parametric-map");
    }
};

} // namespace chexview
