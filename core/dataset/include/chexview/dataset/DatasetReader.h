#pragma once

#include "chexview/dataset/LabeledDataset.h"

namespace chexview {

/// Reads ChestX-ray14 label sources (plain or .gz). Pure functions; callable from any thread.
/// Malformed lines (wrong label count, values other than 0/1, duplicate names, unknown
/// findings) are recorded in LabeledDataset::issues with file and line, and left out.
class DatasetReader
{
public:
    /// Every `*_list.txt` / `*_list.txt.gz` in `dir`: "name.png" then 14 labels 0/1.
    /// Split name = file name before "_list". Throws std::runtime_error if none is found.
    static LabeledDataset readSplitLists(const QString& dir);
    /// NIH `Data_Entry_2017*.csv[.gz]` (pipe-separated findings) split by NIH's official
    /// `train_val_list.txt` / `test_list.txt` found in `splitDir`; images in neither list go to
    /// split "unlisted". Throws std::runtime_error on unreadable files.
    static LabeledDataset readDataEntry(const QString& csvPath, const QString& splitDir);
    /// Lines of a text file, transparently gunzipping `.gz`. Throws std::runtime_error.
    static QList<QByteArray> readLines(const QString& path);
};

} // namespace chexview
