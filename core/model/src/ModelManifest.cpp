#include "chexview/model/ModelManifest.h"

#include "chexview/dataset/ChestXray14.h"
#include "chexview/model/EngineError.h"
#include "chexview/model/ModelVocabulary.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace chexview {

namespace {

[[noreturn]] void bad(const QString& dir, const QString& what)
{
    throw EngineError(EngineError::Code::BadPackage,
                      QStringLiteral("model package %1: %2").arg(dir, what));
}

std::vector<double> numbers(const QJsonValue& v)
{
    std::vector<double> out;
    for (const QJsonValue& x : v.toArray())
        out.push_back(x.toDouble());
    return out;
}

QString checkedFile(const QString& dir, const QJsonObject& entry, bool verify)
{
    const QString rel = entry.value(QStringLiteral("path")).toString();
    const QString path = QDir(dir).filePath(rel);
    QFile f(path);
    if (rel.isEmpty() || !f.open(QIODevice::ReadOnly))
        bad(dir, QStringLiteral("model file '%1' is missing").arg(rel));
    if (verify) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(&f);
        const QString want = entry.value(QStringLiteral("sha256")).toString();
        if (QString::fromLatin1(hash.result().toHex()) != want)
            throw EngineError(EngineError::Code::HashMismatch,
                              QStringLiteral("model package %1: %2 does not match its SHA-256 in "
                                             "manifest.json (truncated or altered file)")
                                  .arg(dir, rel));
    }
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

} // namespace

ModelManifest ModelManifest::load(const QString& dir, bool verifyHashes)
{
    QFile f(QDir(dir).filePath(QStringLiteral("manifest.json")));
    if (!f.open(QIODevice::ReadOnly))
        bad(dir, QStringLiteral("no manifest.json"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        bad(dir, QStringLiteral("manifest.json is not valid JSON (%1)").arg(err.errorString()));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String("chexview-model"))
        bad(dir, QStringLiteral("manifest.json is not a chexview model manifest"));
    if (o.value(QStringLiteral("format_version")).toInt() != 1)
        bad(dir, QStringLiteral("unsupported format_version %1")
                     .arg(o.value(QStringLiteral("format_version")).toInt()));
    ModelManifest m;
    m.dir = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    m.raw = o;
    m.name = o.value(QStringLiteral("name")).toString();
    if (!o.value(QStringLiteral("trained")).isBool())
        bad(dir, QStringLiteral("'trained' must be true or false"));
    m.trained = o.value(QStringLiteral("trained")).toBool();
    for (const QJsonValue& v : o.value(QStringLiteral("labels")).toArray())
        m.labels << v.toString();
    if (m.labels != chestXray14Findings())
        bad(dir, QStringLiteral("labels must be the 14 ChestX-ray14 findings in order"));
    m.thresholds = numbers(o.value(QStringLiteral("thresholds")));
    if (m.thresholds.size() != size_t(kFindingCount))
        bad(dir, QStringLiteral("expected 14 thresholds, found %1").arg(m.thresholds.size()));

    const QJsonObject pre = o.value(QStringLiteral("preprocessing")).toObject();
    PreprocessSpec& p = m.preprocessing;
    p.resize = pre.value(QStringLiteral("resize")).toInt();
    p.crop = pre.value(QStringLiteral("crop")).toInt();
    p.channels = pre.value(QStringLiteral("channels")).toInt();
    const std::vector<double> scale = numbers(pre.value(QStringLiteral("scale")));
    p.mean = numbers(pre.value(QStringLiteral("mean")));
    p.std = numbers(pre.value(QStringLiteral("std")));
    p.invertMonochrome1 =
        pre.value(QStringLiteral("monochrome1")).toString() == QLatin1String("invert");
    if (p.resize < 8 || p.crop < 8 || p.crop > p.resize || (p.channels != 1 && p.channels != 3) ||
        scale.size() != 2 || p.mean.size() != size_t(p.channels) ||
        p.std.size() != size_t(p.channels))
        bad(dir, QStringLiteral("preprocessing is incomplete or inconsistent"));
    for (double s : p.std)
        if (s <= 0)
            bad(dir, QStringLiteral("preprocessing std must be positive"));
    p.scaleLo = scale[0];
    p.scaleHi = scale[1];
    const QJsonArray input =
        o.value(QStringLiteral("input")).toObject().value(QStringLiteral("shape")).toArray();
    if (input.size() != 3 || input[0].toInt() != p.channels || input[1].toInt() != p.crop)
        bad(dir, QStringLiteral("input shape disagrees with the preprocessing"));
    const QJsonObject outputs = o.value(QStringLiteral("outputs")).toObject();
    const QJsonArray cams = outputs.value(QStringLiteral("cams")).toArray();
    if (outputs.value(QStringLiteral("probabilities")).toArray() != QJsonArray{kFindingCount} ||
        cams.size() != 3 || cams[0].toInt() != kFindingCount || cams[1].toInt() < 1 ||
        cams[2].toInt() < 1)
        bad(dir, QStringLiteral("outputs must be probabilities [14] and cams [14, h, w]"));
    m.camHeight = cams[1].toInt();
    m.camWidth = cams[2].toInt();

    const QJsonObject files = o.value(QStringLiteral("files")).toObject();
    const QString fp32 = packageFileKey(Precision::Fp32), int8 = packageFileKey(Precision::Int8);
    if (!files.contains(fp32))
        bad(dir, QStringLiteral("no fp32 model listed under 'files'"));
    m.fp32Path = checkedFile(dir, files.value(fp32).toObject(), verifyHashes);
    if (files.contains(int8))
        m.int8Path = checkedFile(dir, files.value(int8).toObject(), verifyHashes);
    if (files.contains(QStringLiteral("weights"))) {
        const QJsonObject w = files.value(QStringLiteral("weights")).toObject();
        m.weightsPath = checkedFile(dir, w, verifyHashes);
        m.weightsSha256 = w.value(QStringLiteral("sha256")).toString();
    }
    m.provenance = o.value(QStringLiteral("provenance")).toObject();
    if (o.contains(QStringLiteral("recalibration"))) {
        QString error;
        if (!Recalibration::fromJson(o.value(QStringLiteral("recalibration")).toObject(),
                                     int(m.labels.size()), m.calibration, error))
            bad(dir, error);
    }
    return m;
}

} // namespace chexview
