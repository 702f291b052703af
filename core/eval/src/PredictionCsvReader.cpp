#include "chexview/eval/PredictionCsvReader.h"
#include "chexview/eval/EvalError.h"

#include "chexview/dataset/DatasetReader.h"

#include <QFileInfo>
#include <QSet>

#include <cmath>
#include <stdexcept>

namespace chexview {

QStringList PredictionCsvReader::splitFields(const QByteArray& line)
{
    QStringList out;
    QByteArray field;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '\\' && i + 1 < line.size()) {
                field += line[++i];
            } else if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out << QString::fromUtf8(field.trimmed());
            field.clear();
        } else {
            field += c;
        }
    }
    out << QString::fromUtf8(field.trimmed());
    return out;
}

PredictionTable PredictionCsvReader::read(const QString& path)
{
    const QList<QByteArray> lines = DatasetReader::readLines(path);
    const QStringList header = splitFields(lines.value(0));
    PredictionTable t;
    t.source = QFileInfo(path).absoluteFilePath();
    const QString file = QFileInfo(path).fileName();
    int imageCol = -1;
    if (header.value(0) == QLatin1String("file")) {
        t.layout = QStringLiteral("chexview_predict");
        imageCol = 0;
    } else {
        t.layout = QStringLiteral("prob_columns");
        imageCol = int(header.indexOf(QStringLiteral("Image Index")));
    }
    if (imageCol < 0)
        throw EvalError(
            EvalError::Code::NotAPredictionsFile,
            QStringLiteral("%1: not a predictions CSV (expected a first column 'Image Index' or "
                           "'file')")
                .arg(path));
    static const QStringList meta = {QStringLiteral("model"),  QStringLiteral("precision"),
                                     QStringLiteral("device"), QStringLiteral("ms"),
                                     QStringLiteral("tta"),    QStringLiteral("trained")};
    std::vector<int> findingOfColumn(size_t(header.size()), -1);
    for (int c = 0; c < header.size(); ++c) {
        if (c == imageCol)
            continue;
        QString name = header[c];
        if (name.startsWith(QLatin1String("prob_")))
            name = name.mid(5);
        const int k = int(chestXray14Findings().indexOf(name));
        if (k >= 0 && !std::count(findingOfColumn.begin(), findingOfColumn.end(), k))
            findingOfColumn[size_t(c)] = k;
        else if (!(t.layout == QLatin1String("chexview_predict") && meta.contains(name)))
            t.unknownColumns << header[c];
    }
    std::vector<bool> present(size_t(kFindingCount), false);
    for (int k : findingOfColumn)
        if (k >= 0)
            present[size_t(k)] = true;
    QSet<QString> seen;
    std::vector<double> row(static_cast<size_t>(kFindingCount));
    for (int i = 1; i < lines.size(); ++i) {
        if (lines[i].trimmed().isEmpty())
            continue;
        auto issue = [&](const QString& msg) { t.issues.append({file, i + 1, msg}); };
        const QStringList f = splitFields(lines[i]);
        if (f.size() < header.size()) {
            issue(QStringLiteral("expected %1 fields, found %2").arg(header.size()).arg(f.size()));
            continue;
        }
        const QString image = QFileInfo(f[imageCol]).fileName();
        if (image.isEmpty()) {
            issue(QStringLiteral("empty image name"));
            continue;
        }
        bool ok = true;
        for (int c = 0; c < header.size() && ok; ++c) {
            const int k = findingOfColumn[size_t(c)];
            if (k < 0)
                continue;
            const double p = f[c].toDouble(&ok);
            ok = ok && std::isfinite(p) && p >= 0.0 && p <= 1.0;
            if (!ok)
                issue(QStringLiteral("%1 of %2 is '%3', not a probability in [0, 1]")
                          .arg(header[c], image, f[c]));
            row[size_t(k)] = p;
        }
        if (!ok)
            continue;
        if (seen.contains(image)) {
            issue(QStringLiteral("duplicate image %1").arg(image));
            ++t.duplicates;
            continue;
        }
        seen.insert(image);
        t.images.push_back(image);
        for (int k = 0; k < kFindingCount; ++k)
            if (present[size_t(k)])
                t.columns[size_t(k)].push_back(row[size_t(k)]);
    }
    return t;
}

} // namespace chexview
