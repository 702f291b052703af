#include "chexview/dataset/DatasetReader.h"

#include "chexview/dataset/FindingLabels.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <zlib.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

namespace chexview {

namespace {

[[noreturn]] void fail(const QString& msg, DatasetError::Code code = DatasetError::Code::CannotOpen)
{
    throw DatasetError(code, msg);
}

// Splits a byte stream into lines while it is read, holding every bound of readLines.
class LineCollector
{
public:
    explicit LineCollector(const QString& path) : m_path(path) {}

    void append(const char* data, qint64 n)
    {
        m_total += n;
        if (m_total > DatasetReader::kMaxTotalBytes)
            fail(QStringLiteral("%1: more than %2 MiB of text; not a label file")
                     .arg(m_path)
                     .arg(DatasetReader::kMaxTotalBytes >> 20),
                 DatasetError::Code::TooLarge);
        const char* end = data + n;
        while (data < end) {
            const auto* nl = static_cast<const char*>(std::memchr(data, '\n', size_t(end - data)));
            const char* stop = nl ? nl : end;
            if (m_current.size() + (stop - data) > DatasetReader::kMaxLineBytes)
                fail(QStringLiteral("%1:%2: line longer than %3 KiB; not a label file")
                         .arg(m_path)
                         .arg(m_lines.size() + 1)
                         .arg(DatasetReader::kMaxLineBytes >> 10),
                     DatasetError::Code::LineTooLong);
            m_current.append(data, qsizetype(stop - data));
            if (!nl)
                break;
            finishLine();
            data = nl + 1;
        }
    }

    QList<QByteArray> take()
    {
        if (!m_current.isEmpty())
            finishLine(); // a final newline is optional
        return std::move(m_lines);
    }

private:
    void finishLine()
    {
        if (m_lines.size() >= DatasetReader::kMaxLines)
            fail(QStringLiteral("%1: more than %2 lines; not a label file")
                     .arg(m_path)
                     .arg(DatasetReader::kMaxLines),
                 DatasetError::Code::TooLarge);
        if (m_current.endsWith('\r'))
            m_current.chop(1);
        m_lines.append(m_current);
        m_current.clear();
    }

    QString m_path;
    qint64 m_total = 0;
    QByteArray m_current;
    QList<QByteArray> m_lines;
};

struct GzCloser
{
    void operator()(gzFile f) const { gzclose(f); }
};

void gunzipInto(const QString& path, LineCollector& lines)
{
    std::unique_ptr<gzFile_s, GzCloser> f(gzopen(QFile::encodeName(path).constData(), "rb"));
    if (!f)
        fail(QStringLiteral("cannot open %1").arg(path));
    std::vector<char> buf(1 << 16);
    int n = 0;
    while ((n = gzread(f.get(), buf.data(), unsigned(buf.size()))) > 0)
        lines.append(buf.data(), n);
    int err = Z_OK;
    const char* msg = gzerror(f.get(), &err);
    // gzerror's text lives inside the gzFile: copy it before gzclose frees it.
    QString text = QString::fromLatin1(msg ? msg : "");
    if (text.startsWith(path + QLatin1String(": "))) // zlib prefixes the path
        text = text.mid(path.size() + 2);
    if (n < 0 || (err != Z_OK && err != Z_STREAM_END))
        fail(QStringLiteral("%1: gzip stream is damaged or truncated: %2").arg(path, text),
             DatasetError::Code::Corrupt);
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
    LineCollector lines(path);
    if (path.endsWith(QLatin1String(".gz"))) {
        gunzipInto(path, lines);
    } else {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            fail(QStringLiteral("cannot open %1: %2").arg(path, f.errorString()));
        std::vector<char> buf(1 << 16);
        qint64 n = 0;
        while ((n = f.read(buf.data(), qint64(buf.size()))) > 0)
            lines.append(buf.data(), n);
        if (n < 0)
            fail(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    }
    return lines.take();
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
        if (splitDir.isEmpty()) // no split lists: every row is "unlisted"
            break;
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
                 .arg(csvPath),
             DatasetError::Code::NotALabelFile);
    LabeledDataset data;
    data.source = QFileInfo(csvPath).absoluteFilePath();
    data.hasDemographics = true;
    QSet<QString> seen;
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
        QString unknown;
        if (!FindingLabels::parse(f[1], r.labels, unknown)) {
            issue(QStringLiteral("unknown finding '%1'").arg(unknown));
            continue;
        }
        if (!firstSighting(seen, r.image, issue))
            continue;
        r.patient = QString::fromUtf8(f[3]).rightJustified(8, QLatin1Char('0'));
        bool ageOk = false;
        r.age = f[4].toInt(&ageOk);
        if (!ageOk)
            r.age = -1;
        r.sex = QString::fromUtf8(f[5]);
        r.view = QString::fromUtf8(f[6]);
        if (f.size() >= 11) { // malformed numbers leave the geometry unknown, not the row
            bool okW = false, okH = false, okX = false, okY = false;
            const int w = f[7].toInt(&okW), h = f[8].toInt(&okH);
            const double x = f[9].toDouble(&okX), y = f[10].toDouble(&okY);
            if (okW && okH && okX && okY && w > 0 && h > 0 && w <= 65535 && h <= 65535 &&
                std::isfinite(x) && std::isfinite(y) && x > 0 && y > 0 && x < 10 && y < 10) {
                r.originalWidth = w;
                r.originalHeight = h;
                r.spacingXMm = x;
                r.spacingYMm = y;
            }
        }
        const QString split = splitOf.value(r.image, QStringLiteral("unlisted"));
        data.splitNamed(split).records.push_back(std::move(r));
    }
    return data;
}

} // namespace chexview
