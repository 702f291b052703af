#pragma once

#include "chexview/dataset/LabeledDataset.h"

#include <QHash>
#include <QStringList>

#include <array>
#include <cstdint>

namespace chexview {

/// Radiologists' labels of ChestX-ray14 images in the layout of Google's relabels
/// (Majkowska et al., Radiology 2020: `google2019_nih-chest-xray-labels.csv.gz`): `Image Index`,
/// `Patient ID`, and YES/NO columns `Fracture`, `Pneumothorax`, `Airspace opacity`,
/// `Nodule or mass`. Plain value type.
struct ExpertLabelTable
{
    static constexpr int kFindings = 4;
    struct Record
    {
        QString patient;
        std::array<int8_t, kFindings> values{{-1, -1, -1, -1}}; ///< 1 YES, 0 NO, -1 blank
        QString set;                                            ///< `Set Id` (test / val)
    };
    QHash<QString, Record> byImage;
    QList<DatasetIssue> issues; ///< rows left out (too few fields, a value not YES/NO/blank)
    QString source;
};

/// Reads an expert-label file (plain or .gz), bounded like every label reader
/// (DatasetReader::readLines). Pure; any thread.
class ExpertLabels
{
public:
    /// "Fracture", "Pneumothorax", "Airspace opacity", "Nodule or mass" (the value order).
    static QStringList findings();
    /// Throws DatasetError (CannotOpen, Corrupt, TooLarge, LineTooLong; NotALabelFile when the
    /// header lacks `Image Index` or one of the four finding columns).
    static ExpertLabelTable read(const QString& path);
};

} // namespace chexview
