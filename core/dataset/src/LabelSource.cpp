#include "chexview/dataset/LabelSource.h"
#include "chexview/dataset/DatasetError.h"

#include "chexview/dataset/DatasetReader.h"
#include "chexview/dataset/LabelsCsvReader.h"

#include <QFileInfo>

#include <stdexcept>

namespace chexview {

LabeledDataset LabelSource::read(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw DatasetError(DatasetError::Code::CannotOpen,
                           QStringLiteral("%1: no such file or folder").arg(path));
    if (info.isDir())
        return DatasetReader::readSplitLists(path);
    QString name = info.fileName();
    if (name.endsWith(QLatin1String(".gz")))
        name.chop(3);
    if (name.endsWith(QLatin1String("_list.txt"))) {
        // One split list: read its folder's lists and keep this one (same parser, same checks).
        LabeledDataset all = DatasetReader::readSplitLists(info.absolutePath());
        const QString split = name.left(name.size() - int(QStringLiteral("_list.txt").size()));
        LabeledDataset one;
        one.source = info.absoluteFilePath();
        for (const auto& s : all.splits)
            if (s.name == split)
                one.splits.append(s);
        for (const DatasetIssue& issue : all.issues)
            if (issue.file == info.fileName())
                one.issues.append(issue);
        return one;
    }
    if (!LabelsCsvReader::looksLikeLabelsCsv(path))
        throw DatasetError(
            DatasetError::Code::NotALabelFile,
            QStringLiteral("%1: not a label source (expected a folder of *_list.txt files, a "
                           "*_list.txt file, or a CSV with 'Image Index' and 'Finding Labels')")
                .arg(path));
    return LabelsCsvReader::read(path);
}

QHash<QString, LabelRecord> LabelSource::byImage(const LabeledDataset& data,
                                                 QList<DatasetIssue>* issues)
{
    QHash<QString, LabelRecord> out;
    for (const auto& split : data.splits)
        for (const LabelRecord& r : split.records) {
            auto it = out.constFind(r.image);
            if (it == out.constEnd()) {
                out.insert(r.image, r);
            } else if (it->labels != r.labels && issues) {
                issues->append({split.name, 0,
                                QStringLiteral("%1 has different labels in split %2 than in an "
                                               "earlier split; the first is used")
                                    .arg(r.image, split.name)});
            }
        }
    return out;
}

} // namespace chexview
