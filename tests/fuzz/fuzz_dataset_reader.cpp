// libFuzzer harness: label sources. The input is a split list (plain, or .gz when it starts
// with gzip's magic), then the same bytes as a Data_Entry CSV; readLines' bounds and the
// parsers' per-line checks must turn everything into LabeledDataset issues or DatasetError.
#include "FuzzFile.h"
#include "chexview/dataset/DatasetReader.h"
#include "chexview/dataset/DatasetStats.h"

#include <QLoggingCategory>

using namespace chexview;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.warning=false\n*.debug=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const bool gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const QString ext = gz ? QStringLiteral(".gz") : QString();
    // Fresh folders per input: lists/ holds one split list, entry/ a Data_Entry CSV and the
    // input again as both official split lists.
    QDir root(fuzz::FuzzFile::dir());
    for (const QString& sub : {QStringLiteral("lists"), QStringLiteral("entry")}) {
        QDir(root.filePath(sub)).removeRecursively();
        root.mkpath(sub);
    }
    const QString list = QStringLiteral("lists/fuzz_list.txt") + ext;
    fuzz::FuzzFile::write(list, data, size);
    try {
        DatasetStats::compute(
            DatasetReader::readSplitLists(root.filePath(QStringLiteral("lists"))));
    } catch (const DatasetError&) {
    }
    const QString csv = fuzz::FuzzFile::write(QStringLiteral("entry/entry.csv") + ext, data, size);
    fuzz::FuzzFile::write(QStringLiteral("entry/train_val_list.txt") + ext, data, size);
    fuzz::FuzzFile::write(QStringLiteral("entry/test_list.txt") + ext, data, size);
    try {
        DatasetStats::compute(
            DatasetReader::readDataEntry(csv, root.filePath(QStringLiteral("entry"))));
    } catch (const DatasetError&) {
    }
    return 0;
}
