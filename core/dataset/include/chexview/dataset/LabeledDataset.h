#pragma once

#include "chexview/dataset/ChestXray14.h"

#include <QList>
#include <QString>

#include <array>
#include <cstdint>
#include <vector>

namespace chexview {

/// One labelled image: file name, patient (NIH: the 8 digits before '_'), 14 labels as bits.
struct LabelRecord
{
    QString image;
    QString patient;
    uint16_t labels = 0; ///< bit i set = finding i positive
    // Demographics, only from Data_Entry files (empty / -1 otherwise).
    QString view;
    QString sex;
    int age = -1;
    // Data_Entry's OriginalImage[Width,Height] and OriginalImagePixelSpacing[x,y] (mm): the
    // size and spacing of the film before NIH stored it at 1024x1024 (0 when absent).
    int originalWidth = 0;
    int originalHeight = 0;
    double spacingXMm = 0.0;
    double spacingYMm = 0.0;
};

/// A malformed input line, kept so it is reported and never counted.
struct DatasetIssue
{
    QString file;
    int line = 0;
    QString message;
    QString toString() const
    {
        return QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(message);
    }
};

/// Labelled images grouped by split ("train", "val", "test", "bmt", ...). Plain value type.
struct LabeledDataset
{
    struct Split
    {
        QString name;
        std::vector<LabelRecord> records;
    };
    QList<Split> splits;
    QList<DatasetIssue> issues;
    /// The split of that name, appended (empty) the first time it is asked for; splits keep
    /// the order in which they first appear.
    Split& splitNamed(const QString& name)
    {
        for (Split& s : splits)
            if (s.name == name)
                return s;
        splits.append({name, {}});
        return splits.last();
    }
    QString source; ///< what was read, for display
    bool hasDemographics = false;
};

} // namespace chexview
