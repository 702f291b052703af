#include "chexview/dataset/DatasetReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <zlib.h>

#include <stdexcept>

namespace chexview {

namespace {

[[noreturn]] void fail(const QString& msg)
{
    throw std::runtime_error(msg.toStdString());
}

QByteArray gunzip(const QString& path)
{
    gzFile f = gzopen(QFile::encodeName(path).constData(), "rb");
    if (!f)
        fail(QStringLiteral("cannot open %1").arg(path));
    QByteArray out;
    char buf[1 << 16];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0)
        out.append(buf, n);
    int err = 0;
    const char* msg = gzerror(f, &err);
    gzclose(f);
    if (n < 0 || (err != Z_OK && err != Z_STREAM_END))
        fail(QStringLiteral("%1: gzip error: %2").arg(path, QString::fromLatin1(msg)));
    return out;
}

QString patientOf(const QString& image)
{
    const int us = int(image.indexOf(QLatin1Char('_')));
    return us > 0 ? image.left(us) : image;
}

QString splitNameOf(const QString& fileName)
{
    QString base = fileName;
    if (base.endsWith(QLatin1String(".gz")))
        base.chop(3);
    base.chop(int(QStringLiteral("_list.txt").size()));
    return base;
}

// Records the image; a second occurrence in the same source is reported and left out.
template <typename Issue>
bool firstSighting(QSet<QString>& seen, const QString& image, const Issue& issue)
{
    if (seen.contains(image)) {
        issue(QStringLiteral("duplicate image %1").arg(image));
        return false;
    }
    seen.insert(image);
    return true;
}

} // namespace

QList<QByteArray> DatasetReader::readLines(const QString& path)
{
    QByteArray bytes;
    if (path.endsWith(QLatin1String(".gz"))) {
        bytes = gunzip(path);
    } else {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            fail(QStringLiteral("cannot open %1: %2").arg(path, f.errorString()));
        bytes = f.readAll();
    }
    QList<QByteArray> lines = bytes.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast(); // a final newline is optional
    for (QByteArray& l : lines)
        if (l.endsWith('\r'))
            l.chop(1);
    return lines;
}

LabeledDataset DatasetReader::readSplitLists(const QString& dir)
{
    const QDir d(dir);
    const QStringList files = d.entryList(
        {QStringLiteral("*_list.txt"), QStringLiteral("*_list.txt.gz")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        fail(QStringLiteral("no *_list.txt files in %1").arg(dir));
    LabeledDataset data;
    data.source = QDir::cleanPath(d.absolutePath());
    for (const QString& file : files) {
        LabeledDataset::Split split;
        split.name = splitNameOf(file);
        QSet<QString> seen;
        const QList<QByteArray> lines = readLines(d.filePath(file));
        for (int i = 0; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            if (line.isEmpty())
                continue;
            auto issue = [&](const QString& msg) { data.issues.append({file, i + 1, msg}); };
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() != kFindingCount + 1) {
                issue(QStringLiteral("expected an image name and %1 labels, found %2 labels")
                          .arg(kFindingCount)
                          .arg(fields.size() - 1));
                continue;
            }
            LabelRecord r;
            r.image = QString::fromUtf8(fields[0]);
            bool ok = true;
            for (int k = 0; k < kFindingCount && ok; ++k) {
                const QByteArray& v = fields[k + 1];
                if (v == "1")
                    r.labels |= uint16_t(1u << k);
                else if (v != "0") {
                    issue(QStringLiteral("label %1 (%2) is '%3', not 0 or 1")
                              .arg(k + 1)
                              .arg(chestXray14Findings()[k], QString::fromUtf8(v)));
                    ok = false;
                }
            }
            if (!ok)
                continue;
            if (!firstSighting(seen, r.image, issue))
                continue;
            r.patient = patientOf(r.image);
            split.records.push_back(std::move(r));
        }
        data.splits.append(std::move(split));
    }
    return data;
}

LabeledDataset DatasetReader::readDataEntry(const QString& csvPath, const QString& splitDir)
{
    const QString file = QFileInfo(csvPath).fileName();
    QHash<QString, QString> splitOf;
    const QDir d(splitDir);
    for (const auto& [listFile, split] :
         {std::pair{QStringLiteral("train_val_list.txt"), QStringLiteral("train_val")},
          std::pair{QStringLiteral("test_list.txt"), QStringLiteral("test")}}) {
        QString path = d.filePath(listFile);
        if (!QFileInfo::exists(path))
            path += QStringLiteral(".gz");
        for (const QByteArray& l : readLines(path))
            if (!l.trimmed().isEmpty())
                splitOf.insert(QString::fromUtf8(l.trimmed()), split);
    }
    const QList<QByteArray> lines = readLines(csvPath);
    if (lines.isEmpty() || !lines.first().startsWith("Image Index"))
        fail(QStringLiteral("%1: not a Data_Entry file (header 'Image Index,...' missing)")
                 .arg(csvPath));
    LabeledDataset data;
    data.source = QFileInfo(csvPath).absoluteFilePath();
    data.hasDemographics = true;
    QHash<QString, int> splitIndex;
    QSet<QString> seen;
    const QStringList& names = chestXray14Findings();
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        auto issue = [&](const QString& msg) { data.issues.append({file, i + 1, msg}); };
        const QList<QByteArray> f = line.split(',');
        if (f.size() < 7) {
            issue(QStringLiteral("expected at least 7 comma-separated fields, found %1")
                      .arg(f.size()));
            continue;
        }
        LabelRecord r;
        r.image = QString::fromUtf8(f[0]);
        bool ok = true;
        for (const QByteArray& finding : f[1].split('|')) {
            const QString name = QString::fromUtf8(finding.trimmed());
            if (name == QLatin1String("No Finding"))
                continue;
            const int k = int(names.indexOf(name));
            if (k < 0) {
                issue(QStringLiteral("unknown finding '%1'").arg(name));
                ok = false;
                break;
            }
            r.labels |= uint16_t(1u << k);
        }
        if (!ok)
            continue;
        if (!firstSighting(seen, r.image, issue))
            continue;
        r.patient = QString::fromUtf8(f[3]).rightJustified(8, QLatin1Char('0'));
        bool ageOk = false;
        r.age = f[4].toInt(&ageOk);
        if (!ageOk)
            r.age = -1;
        r.sex = QString::fromUtf8(f[5]);
        r.view = QString::fromUtf8(f[6]);
        const QString split = splitOf.value(r.image, QStringLiteral("unlisted"));
        if (!splitIndex.contains(split)) {
            splitIndex.insert(split, int(data.splits.size()));
            data.splits.append({split, {}});
        }
        data.splits[splitIndex[split]].records.push_back(std::move(r));
    }
    return data;
}

} // namespace chexview
