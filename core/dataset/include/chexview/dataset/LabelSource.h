#pragma once

#include "chexview/dataset/LabeledDataset.h"

#include <QHash>

namespace chexview {

/// One label per image from any ChestX-ray14 label source, for evaluation:
/// a folder of `*_list.txt[.gz]` split lists (all of them), one such list file (that split),
/// or a labels CSV (`Image Index`, `Finding Labels`, ...: Data_Entry or labels.csv).
/// Pure; any thread.
class LabelSource
{
public:
    /// Throws std::runtime_error naming the problem when nothing can be read.
    static LabeledDataset read(const QString& path);

    /// The images of every split, keyed by file name. An image listed in several splits (the
    /// bundled bmt list is drawn from all the others) is kept once; if its labels differ between
    /// splits, that is added to `issues`.
    static QHash<QString, LabelRecord> byImage(const LabeledDataset& data,
                                               QList<DatasetIssue>* issues = nullptr);
};

} // namespace chexview
