#include "chexview/dataset/LabelsCsvReader.h"
#include "chexview/dataset/DatasetError.h"

#include "chexview/dataset/DatasetReader.h"
#include "chexview/dataset/FindingLabels.h"

#include <QFileInfo>
#include <QSet>

#include <stdexcept>

namespace chexview {

namespace {

QString patientFromName(const QString& image)
{
    const int us = int(image.indexOf(QLatin1Char('_')));
    return us > 0 ? image.left(us) : image;
}

int column(const QList<QByteArray>& header, const char* name)
{
    for (int i = 0; i < header.size(); ++i)
        if (header[i].trimmed() == name)
            return i;
    return -1;
}

} // namespace

bool LabelsCsvReader::looksLikeLabelsCsv(const QString& path)
{
    try {
        const QList<QByteArray> lines = DatasetReader::readLines(path);
        if (lines.isEmpty())
            return false;
        const QList<QByteArray> header = lines.first().split(',');
        return column(header, "Image Index") >= 0 && column(header, "Finding Labels") >= 0;
    } catch (const std::exception&) {
        return false;
    }
}

LabeledDataset LabelsCsvReader::read(const QString& path)
{
    const QString file = QFileInfo(path).fileName();
    const QList<QByteArray> lines = DatasetReader::readLines(path);
    const QList<QByteArray> header = lines.value(0).split(',');
    const int imageCol = column(header, "Image Index");
    const int labelsCol = column(header, "Finding Labels");
    if (imageCol < 0 || labelsCol < 0)
        throw DatasetError(
            DatasetError::Code::NotALabelFile,
            QStringLiteral("%1: not a labels CSV (the header must name 'Image Index' and "
                           "'Finding Labels')")
                .arg(path));
    const int patientCol = column(header, "Patient ID");
    int splitCol = column(header, "Official Split");
    if (splitCol < 0)
        splitCol = column(header, "Split");
    const int ageCol = column(header, "Patient Age");
    const int sexCol = column(header, "Patient Gender");
    const int viewCol = column(header, "View Position");
    int needed = 0;
    for (int c : {imageCol, labelsCol, patientCol, splitCol, ageCol, sexCol, viewCol})
        needed = std::max(needed, c + 1);

    LabeledDataset data;
    data.source = QFileInfo(path).absoluteFilePath();
    data.hasDemographics = ageCol >= 0 && sexCol >= 0 && viewCol >= 0;
    QSet<QString> seen;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        auto issue = [&](const QString& msg) { data.issues.append({file, i + 1, msg}); };
        const QList<QByteArray> f = line.split(',');
        if (f.size() < needed) {
            issue(QStringLiteral("expected at least %1 comma-separated fields, found %2")
                      .arg(needed)
                      .arg(f.size()));
            continue;
        }
        LabelRecord r;
        r.image = QString::fromUtf8(f[imageCol].trimmed());
        if (r.image.isEmpty()) {
            issue(QStringLiteral("empty image name"));
            continue;
        }
        QString unknown;
        if (!FindingLabels::parse(f[labelsCol], r.labels, unknown)) {
            issue(QStringLiteral("unknown finding '%1'").arg(unknown));
            continue;
        }
        if (seen.contains(r.image)) {
            issue(QStringLiteral("duplicate image %1").arg(r.image));
            continue;
        }
        seen.insert(r.image);
        r.patient =
            patientCol >= 0
                ? QString::fromUtf8(f[patientCol].trimmed()).rightJustified(8, QLatin1Char('0'))
                : patientFromName(r.image);
        if (ageCol >= 0) {
            bool ageOk = false;
            r.age = f[ageCol].toInt(&ageOk);
            if (!ageOk)
                r.age = -1;
        }
        if (sexCol >= 0)
            r.sex = QString::fromUtf8(f[sexCol].trimmed());
        if (viewCol >= 0)
            r.view = QString::fromUtf8(f[viewCol].trimmed());
        const QString split =
            splitCol >= 0 ? QString::fromUtf8(f[splitCol].trimmed()) : QStringLiteral("all");
        data.splitNamed(split).records.push_back(std::move(r));
    }
    return data;
}

} // namespace chexview
