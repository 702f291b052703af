#pragma once

#include "chexview/dataset/DatasetError.h"
#include "chexview/dataset/LabeledDataset.h"

#include <QByteArray>

namespace chexview {

/// Reads ChestX-ray14 label sources (plain or .gz). Pure functions; callable from any thread.
/// Malformed lines (wrong label count, values other than 0/1, duplicate names, unknown
/// findings) are recorded in LabeledDataset::issues with file and line, and left out.
class DatasetReader
{
public:
    /// Bounds of readLines: NIH's largest label file (Data_Entry, 112,120 rows) is ~8 MB with
    /// lines under 200 bytes; anything far beyond is refused before it can exhaust memory.
    static constexpr qint64 kMaxTotalBytes = qint64(64) << 20; ///< after gunzip
    static constexpr qint64 kMaxLineBytes = qint64(64) << 10;
    static constexpr qint64 kMaxLines = 2'000'000;

    /// Every `*_list.txt` / `*_list.txt.gz` in `dir`: "name.png" then 14 labels 0/1.
    /// Split name = file name before "_list". Throws DatasetError if none is found.
    static LabeledDataset readSplitLists(const QString& dir);
    /// NIH `Data_Entry_2017*.csv[.gz]` (pipe-separated findings) split by NIH's official
    /// `train_val_list.txt` / `test_list.txt` found in `splitDir`; images in neither list go to
    /// split "unlisted" (all of them when `splitDir` is empty: no lists are read). Throws
    /// DatasetError on unreadable files.
    static LabeledDataset readDataEntry(const QString& csvPath, const QString& splitDir);
    /// Lines of a text file, transparently gunzipping `.gz` (final newline optional, "\r\n"
    /// accepted). Reads in bounded chunks and throws DatasetError (CannotOpen, Corrupt for a
    /// damaged or truncated gzip stream, LineTooLong, TooLarge) as soon as a bound is crossed,
    /// so a decompression bomb never inflates past kMaxTotalBytes.
    static QList<QByteArray> readLines(const QString& path);
};

} // namespace chexview
