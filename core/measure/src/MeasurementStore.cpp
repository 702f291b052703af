#include "chexview/measure/MeasurementStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

namespace chexview {

MeasurementStore::MeasurementStore(QString folder) : m_folder(std::move(folder)) {}

QString MeasurementStore::imageKey(const ImageMetadata& meta, const QString& filePath)
{
    static const QRegularExpression uid(QStringLiteral("^[0-9]+(\\.[0-9]+)*$"));
    for (const DicomTagEntry& e : meta.tags) {
        if (e.depth == 0 && e.tag == QLatin1String("(0008,0018)")) {
            const QString v = e.value.trimmed();
            if (v.size() <= 64 && uid.match(v).hasMatch())
                return QStringLiteral("sop-") + v;
        }
    }
    QFile f(filePath);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f))
        return {};
    return QStringLiteral("sha256-") + QString::fromLatin1(hash.result().toHex());
}

QString MeasurementStore::fileFor(const QString& key) const
{
    return QDir(m_folder).filePath(key + QStringLiteral(".json"));
}

QList<Measurement> MeasurementStore::load(const QString& key) const
{
    QList<Measurement> out;
    if (key.isEmpty())
        return out;
    QFile f(fileFor(key));
    if (!f.open(QIODevice::ReadOnly) || f.size() > kMaxFileBytes)
        return out;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    if (doc.object().value(QStringLiteral("image_key")).toString() != key)
        return out;
    const QJsonArray list = doc.object().value(QStringLiteral("measurements")).toArray();
    for (const QJsonValue& v : list) {
        if (out.size() >= kMaxMeasurements)
            break;
        if (const std::optional<Measurement> m = Measurement::fromJson(v.toObject()))
            out << *m;
    }
    return out;
}

bool MeasurementStore::save(const QString& key, const QList<Measurement>& measurements) const
{
    if (key.isEmpty())
        return false;
    if (measurements.isEmpty()) {
        QFile::remove(fileFor(key));
        return true;
    }
    if (!QDir().mkpath(m_folder))
        return false;
    QJsonArray list;
    for (const Measurement& m : measurements)
        list.append(m.toJson());
    const QJsonObject o{{QStringLiteral("version"), 1},
                        {QStringLiteral("image_key"), key},
                        {QStringLiteral("measurements"), list}};
    QSaveFile f(fileFor(key));
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    return f.commit();
}

} // namespace chexview
