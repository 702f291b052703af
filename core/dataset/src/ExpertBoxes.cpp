#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/dataset/DatasetError.h"

#include "chexview/dataset/ChestXray14.h"
#include "chexview/dataset/DatasetReader.h"

#include <QFileInfo>

#include <cmath>
#include <stdexcept>

namespace chexview {

ExpertBoxes ExpertBoxes::read(const QString& path)
{
    const QList<QByteArray> lines = DatasetReader::readLines(path);
    if (lines.isEmpty() || !lines.first().startsWith("Image Index,Finding Label"))
        throw DatasetError(
            DatasetError::Code::NotALabelFile,
            QStringLiteral("%1: not a BBox_List file (header 'Image Index,Finding Label,...' "
                           "missing)")
                .arg(path));
    const QString file = QFileInfo(path).fileName();
    ExpertBoxes out;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        auto issue = [&](const QString& msg) {
            out.m_issues << QStringLiteral("%1:%2: %3").arg(file).arg(i + 1).arg(msg);
        };
        const QList<QByteArray> f = line.split(',');
        if (f.size() < 6) {
            issue(QStringLiteral("expected 6 fields, found %1").arg(f.size()));
            continue;
        }
        ExpertBox box;
        box.image = QString::fromUtf8(f[0].trimmed());
        QString finding = QString::fromUtf8(f[1].trimmed());
        if (finding == QLatin1String("Infiltrate"))
            finding = QStringLiteral("Infiltration");
        box.finding = int(chestXray14Findings().indexOf(finding));
        if (box.finding < 0) {
            issue(QStringLiteral("unknown finding '%1'").arg(finding));
            continue;
        }
        double v[4];
        bool ok = true;
        for (int k = 0; k < 4 && ok; ++k) {
            v[k] = f[2 + k].toDouble(&ok);
            ok = ok && std::isfinite(v[k]) && v[k] >= 0.0 && v[k] <= 4.0 * ExpertBox::kFrame;
        }
        if (!ok || v[2] <= 0.0 || v[3] <= 0.0) {
            issue(QStringLiteral("box is not 4 non-negative numbers with a positive size"));
            continue;
        }
        box.rect = QRectF(v[0], v[1], v[2], v[3]);
        out.m_byImage[box.image].append(box);
        ++out.m_count;
    }
    return out;
}

} // namespace chexview
