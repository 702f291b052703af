#pragma once

#include "chexview/dataset/LabeledDataset.h"

#include <QHash>
#include <QStringList>

namespace chexview {

/// Named per-image columns of a CSV keyed by `Image Index` (Data_Entry's `Patient Gender`,
/// `Patient Age`, `View Position`, or any column of a labels CSV). Plain value type.
struct ImageAttributeTable
{
    QStringList columns;                ///< as asked for
    QHash<QString, QStringList> values; ///< image -> one value per column ("" when blank)
    QList<DatasetIssue> issues;         ///< rows left out (too few fields, duplicate image)
    QString source;
};

/// Reads the columns of a CSV whose header names `Image Index`, for subgroup audits. Plain
/// comma-separated fields (NIH's files quote nothing); bounded like every label reader
/// (DatasetReader::readLines: size, line length, line count). Pure; any thread.
class ImageAttributes
{
public:
    /// Throws DatasetError (CannotOpen, Corrupt, TooLarge, LineTooLong; NotALabelFile when the
    /// header lacks `Image Index` or one of `columns`, naming the columns it has).
    static ImageAttributeTable read(const QString& path, const QStringList& columns);
    /// The header's column names (empty when the file cannot be read).
    static QStringList header(const QString& path);
};

} // namespace chexview
