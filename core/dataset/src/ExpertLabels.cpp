#include "chexview/dataset/ExpertLabels.h"

#include "chexview/dataset/DatasetError.h"
#include "chexview/dataset/DatasetReader.h"

#include <QFileInfo>

namespace chexview {

namespace {

int column(const QList<QByteArray>& header, const QString& name)
{
    for (int i = 0; i < header.size(); ++i)
        if (QString::fromUtf8(header[i].trimmed()) == name)
            return i;
    return -1;
}

} // namespace

QStringList ExpertLabels::findings()
{
    return {QStringLiteral("Fracture"), QStringLiteral("Pneumothorax"),
            QStringLiteral("Airspace opacity"), QStringLiteral("Nodule or mass")};
}

ExpertLabelTable ExpertLabels::read(const QString& path)
{
    const QList<QByteArray> lines = DatasetReader::readLines(path);
    const QList<QByteArray> header = lines.value(0).split(',');
    const QString file = QFileInfo(path).fileName();
    const int imageCol = column(header, QStringLiteral("Image Index"));
    const int patientCol = column(header, QStringLiteral("Patient ID"));
    const int setCol = column(header, QStringLiteral("Set Id"));
    std::array<int, ExpertLabelTable::kFindings> cols{};
    int needed = std::max({imageCol, patientCol, setCol}) + 1;
    for (int k = 0; k < ExpertLabelTable::kFindings; ++k) {
        cols[size_t(k)] = column(header, findings()[k]);
        if (cols[size_t(k)] < 0 || imageCol < 0)
            throw DatasetError(DatasetError::Code::NotALabelFile,
                               QStringLiteral("%1: not an expert-label file (the header must name "
                                              "'Image Index', '%2')")
                                   .arg(path, findings().join(QStringLiteral("', '"))));
        needed = std::max(needed, cols[size_t(k)] + 1);
    }
    ExpertLabelTable t;
    t.source = QFileInfo(path).absoluteFilePath();
    for (int n = 1; n < lines.size(); ++n) {
        const QByteArray line = lines[n].trimmed();
        if (line.isEmpty())
            continue;
        auto issue = [&](const QString& m) { t.issues.append({file, n + 1, m}); };
        const QList<QByteArray> f = line.split(',');
        if (f.size() < needed) {
            issue(QStringLiteral("expected at least %1 comma-separated fields, found %2")
                      .arg(needed)
                      .arg(f.size()));
            continue;
        }
        const QString image = QString::fromUtf8(f[imageCol].trimmed());
        if (image.isEmpty() || t.byImage.contains(image)) {
            issue(image.isEmpty() ? QStringLiteral("empty image name")
                                  : QStringLiteral("duplicate image %1").arg(image));
            continue;
        }
        ExpertLabelTable::Record r;
        bool ok = true;
        for (int k = 0; k < ExpertLabelTable::kFindings && ok; ++k) {
            const QByteArray v = f[cols[size_t(k)]].trimmed().toUpper();
            if (v == "YES")
                r.values[size_t(k)] = 1;
            else if (v == "NO")
                r.values[size_t(k)] = 0;
            else if (!v.isEmpty()) {
                issue(QStringLiteral("%1 must be YES, NO or blank, not '%2'")
                          .arg(findings()[k], QString::fromUtf8(v.left(40))));
                ok = false;
            }
        }
        if (!ok)
            continue;
        const QString digits =
            patientCol >= 0 ? QString::fromUtf8(f[patientCol].trimmed()) : QString();
        const int us = int(image.indexOf(QLatin1Char('_')));
        r.patient = digits.isEmpty() ? (us > 0 ? image.left(us) : image)
                                     : digits.rightJustified(8, QLatin1Char('0'));
        if (setCol >= 0)
            r.set = QString::fromUtf8(f[setCol].trimmed());
        t.byImage.insert(image, r);
    }
    return t;
}

} // namespace chexview
