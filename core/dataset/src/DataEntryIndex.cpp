#include "chexview/dataset/DataEntryIndex.h"

#include "chexview/dataset/DatasetReader.h"

#include <QFileInfo>

namespace chexview {

DataEntryIndex DataEntryIndex::read(const QString& csvPath)
{
    const LabeledDataset data = DatasetReader::readDataEntry(csvPath, QString());
    auto rows = std::make_shared<QHash<QString, LabelRecord>>();
    for (const LabeledDataset::Split& split : data.splits)
        for (const LabelRecord& r : split.records)
            if (r.originalWidth > 0 && r.originalHeight > 0)
                rows->insert(r.image, r);
    if (rows->isEmpty())
        throw DatasetError(DatasetError::Code::NotALabelFile,
                           QStringLiteral("%1 has no row with OriginalImage[Width,Height]: not a "
                                          "Data_Entry file")
                               .arg(QFileInfo(csvPath).fileName()));
    DataEntryIndex index;
    index.m_rows = std::move(rows);
    index.m_path = csvPath;
    return index;
}

const LabelRecord* DataEntryIndex::find(const QString& fileName) const
{
    if (!m_rows)
        return nullptr;
    const auto it = m_rows->constFind(fileName);
    return it == m_rows->constEnd() ? nullptr : &*it;
}

} // namespace chexview
