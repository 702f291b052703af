#include "chexview/workflow/PredictionCache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>
#include <QFileInfo>
#include <QJsonObject>

namespace chexview {

PredictionCache::PredictionCache(const QString& path)
{
    if (path.isEmpty())
        return;
    QFile in(path);
    if (in.open(QIODevice::ReadOnly)) {
        while (!in.atEnd()) {
            const QList<QByteArray> fields = in.readLine(64 * 1024).trimmed().split(',');
            if (fields.size() != kFindingCount + 1)
                continue; // a line cut by an interruption
            Scores s{};
            bool ok = true;
            for (int k = 0; k < kFindingCount && ok; ++k) {
                s[size_t(k)] = fields[k + 1].toDouble(&ok);
                ok = ok && s[size_t(k)] >= 0.0 && s[size_t(k)] <= 1.0;
            }
            if (ok)
                m_table.insert(fields[0], s);
        }
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_out.setFileName(path);
    m_out.open(QIODevice::WriteOnly | QIODevice::Append);
}

QByteArray PredictionCache::runKey(const InferenceEngine& engine, bool tta)
{
    const QByteArray modelSha = engine.manifest()
                                    .raw.value(QStringLiteral("files"))
                                    .toObject()
                                    .value(packageFileKey(engine.precision()))
                                    .toObject()
                                    .value(QStringLiteral("sha256"))
                                    .toString()
                                    .toLatin1();
    QByteArray key = "|" + modelSha + "|" + toString(engine.engine()).toLatin1() + "|" +
                     toString(engine.device()).toLatin1() + "|" +
                     toString(engine.precision()).toLatin1() + "|" + (tta ? "tta" : "single");
    // A recalibrated package shares its network's files: its scores are other numbers.
    const Recalibration& cal = engine.manifest().calibration;
    if (cal.active())
        key += "|cal:" + QCryptographicHash::hash(
                             QJsonDocument(cal.toJson()).toJson(QJsonDocument::Compact),
                             QCryptographicHash::Sha256)
                             .toHex()
                             .left(16);
    return key;
}

void PredictionCache::append(const QByteArray& key, const Scores& scores)
{
    if (!m_out.isOpen())
        return;
    QByteArray line = key;
    for (double v : scores)
        line += ',' + QByteArray::number(v, 'g', 9);
    m_out.write(line + '\n');
    m_out.flush();
}

} // namespace chexview
