#include "chexview/model/WorkerProtocol.h"
#include "chexview/dataset/ChestXray14.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace chexview {

namespace {

constexpr char kMagic[4] = {'C', 'X', 'W', 'P'};
constexpr int kClasses = kFindingCount;
constexpr int kMaxCamSide = 64;

bool jsonObject(const QByteArray& payload, QJsonObject& out, QString& error, const char* what)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        error = QStringLiteral("the worker's %1 message is not a JSON object (%2)")
                    .arg(QLatin1String(what), err.errorString());
        return false;
    }
    out = doc.object();
    return true;
}

quint32 u32At(const QByteArray& b, int offset)
{
    return qFromLittleEndian<quint32>(b.constData() + offset);
}

void putU32(QByteArray& b, int offset, quint32 v)
{
    qToLittleEndian<quint32>(v, b.data() + offset);
}

} // namespace

QByteArray WorkerProtocol::encodeFrame(Type type, quint32 requestId, const QByteArray& payload)
{
    QByteArray frame(kHeaderSize + payload.size(), Qt::Uninitialized);
    std::memcpy(frame.data(), kMagic, 4);
    qToLittleEndian<quint16>(kVersion, frame.data() + 4);
    qToLittleEndian<quint16>(quint16(type), frame.data() + 6);
    putU32(frame, 8, quint32(payload.size()));
    putU32(frame, 12, requestId);
    if (!payload.isEmpty())
        std::memcpy(frame.data() + kHeaderSize, payload.constData(), size_t(payload.size()));
    return frame;
}

WorkerProtocol::Take WorkerProtocol::takeFrame(QByteArray& buffer, Frame& frame, QString& error,
                                               quint32 maxPayload)
{
    maxPayload = std::min(maxPayload, kMaxPayload);
    if (buffer.size() < kHeaderSize) {
        // Reject a wrong magic as soon as its bytes are there (garbage is not "need more").
        if (std::memcmp(buffer.constData(), kMagic, size_t(std::min<qsizetype>(buffer.size(), 4))))
            return error = QStringLiteral("the worker sent bytes that are not a protocol frame"),
                   Take::Invalid;
        return Take::NeedMore;
    }
    if (std::memcmp(buffer.constData(), kMagic, 4)) {
        error = QStringLiteral("the worker sent bytes that are not a protocol frame (bad magic)");
        return Take::Invalid;
    }
    const quint16 version = qFromLittleEndian<quint16>(buffer.constData() + 4);
    if (version != kVersion) {
        error = QStringLiteral("protocol version mismatch: the worker speaks version %1, chexview "
                               "speaks %2 (use the worker.py that came with this chexview)")
                    .arg(version)
                    .arg(kVersion);
        return Take::Invalid;
    }
    const quint16 type = qFromLittleEndian<quint16>(buffer.constData() + 6);
    if (type < quint16(Type::Hello) || type > quint16(Type::Progress)) {
        error = QStringLiteral("the worker sent an unknown message type %1").arg(type);
        return Take::Invalid;
    }
    const quint32 length = u32At(buffer, 8);
    if (length > maxPayload) {
        error = QStringLiteral("the worker announced a %1-byte message, over the %2-byte limit")
                    .arg(length)
                    .arg(maxPayload);
        return Take::Invalid;
    }
    if (quint64(buffer.size()) < quint64(kHeaderSize) + length)
        return Take::NeedMore;
    frame.type = Type(type);
    frame.requestId = u32At(buffer, 12);
    frame.payload = buffer.mid(kHeaderSize, qsizetype(length));
    buffer.remove(0, kHeaderSize + qsizetype(length));
    return Take::Taken;
}

QByteArray WorkerProtocol::encodeLoad(const QJsonObject& request)
{
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

QByteArray WorkerProtocol::encodeRun(const std::vector<ModelInput>& batch)
{
    if (batch.empty())
        return {};
    const ModelInput& first = batch.front();
    const qsizetype perImage = qsizetype(first.data.size()) * qsizetype(sizeof(float));
    QByteArray out(kRunHeaderSize + perImage * qsizetype(batch.size()), Qt::Uninitialized);
    putU32(out, 0, quint32(batch.size()));
    putU32(out, 4, quint32(first.channels));
    putU32(out, 8, quint32(first.size));
    putU32(out, 12, quint32(first.size));
    putU32(out, 16, 0); // float32
    char* p = out.data() + kRunHeaderSize;
    for (const ModelInput& in : batch) {
        // float32 little-endian on the wire: the host's layout on every platform chexview runs on.
        std::memcpy(p, in.data.data(), size_t(perImage));
        p += perImage;
    }
    return out;
}

bool WorkerProtocol::decodeHello(const QByteArray& payload, Hello& hello, QString& error)
{
    QJsonObject o;
    if (!jsonObject(payload, o, error, "hello"))
        return false;
    hello.protocol = o.value(QStringLiteral("protocol")).toInt();
    if (hello.protocol != kVersion) {
        error = QStringLiteral("protocol version mismatch: the worker speaks version %1, chexview "
                               "speaks %2")
                    .arg(hello.protocol)
                    .arg(kVersion);
        return false;
    }
    hello.python = o.value(QStringLiteral("python")).toString();
    hello.torch = o.value(QStringLiteral("torch")).toString();
    const QJsonObject devices = o.value(QStringLiteral("devices")).toObject();
    if (devices.isEmpty()) {
        error = QStringLiteral("the worker's hello lists no devices");
        return false;
    }
    for (auto it = devices.begin(); it != devices.end(); ++it) {
        if (!it.value().isString()) {
            error = QStringLiteral("the worker's hello has a malformed device entry");
            return false;
        }
        hello.unavailable.insert(it.key(), it.value().toString());
    }
    const QJsonObject names = o.value(QStringLiteral("device_names")).toObject();
    for (auto it = names.begin(); it != names.end(); ++it)
        hello.deviceNames.insert(it.key(), it.value().toString());
    return true;
}

bool WorkerProtocol::decodeReady(const QByteArray& payload, Ready& ready, QString& error)
{
    QJsonObject o;
    if (!jsonObject(payload, o, error, "ready"))
        return false;
    ready.device = o.value(QStringLiteral("device")).toString();
    ready.deviceName = o.value(QStringLiteral("device_name")).toString();
    ready.precision = o.value(QStringLiteral("precision")).toString();
    ready.torch = o.value(QStringLiteral("torch")).toString();
    ready.loadMs = o.value(QStringLiteral("load_ms")).toDouble();
    const QJsonArray cams = o.value(QStringLiteral("cams")).toArray();
    if (ready.device.isEmpty() || cams.size() != 3 || cams[0].toInt() != kClasses) {
        error = QStringLiteral("the worker's ready message lacks the device or the CAM shape");
        return false;
    }
    ready.camHeight = cams[1].toInt();
    ready.camWidth = cams[2].toInt();
    if (ready.camHeight < 1 || ready.camHeight > kMaxCamSide || ready.camWidth < 1 ||
        ready.camWidth > kMaxCamSide) {
        error = QStringLiteral("the worker's model has an implausible CAM shape");
        return false;
    }
    return true;
}

bool WorkerProtocol::decodeError(const QByteArray& payload, Error& out, QString& error)
{
    QJsonObject o;
    if (!jsonObject(payload, o, error, "error"))
        return false;
    out.code = o.value(QStringLiteral("code")).toString();
    out.message = o.value(QStringLiteral("message")).toString().left(2000);
    if (out.code.isEmpty()) {
        error = QStringLiteral("the worker's error message has no code");
        return false;
    }
    return true;
}

bool WorkerProtocol::decodeProgress(const QByteArray& payload, Progress& out, QString& error)
{
    QJsonObject o;
    if (!jsonObject(payload, o, error, "progress"))
        return false;
    out.stage = o.value(QStringLiteral("stage")).toString().left(200);
    const double ms = o.value(QStringLiteral("elapsed_ms")).toDouble(-1.0);
    if (out.stage.isEmpty() || !(ms >= 0.0 && ms < 1e12)) {
        error = QStringLiteral("the worker's progress message has no stage or a bad elapsed_ms");
        return false;
    }
    out.elapsedMs = ms;
    return true;
}

bool WorkerProtocol::decodeResult(const QByteArray& payload, int expected,
                                  std::vector<Prediction>& out, QString& error)
{
    if (payload.size() < kRunHeaderSize) {
        error = QStringLiteral("the worker's result is shorter than its header");
        return false;
    }
    const quint32 n = u32At(payload, 0), k = u32At(payload, 4), h = u32At(payload, 8),
                  w = u32At(payload, 12), dtype = u32At(payload, 16);
    if (n != quint32(expected) || n > quint32(kMaxBatch) || k != quint32(kClasses) || h < 1 ||
        w < 1 || h > quint32(kMaxCamSide) || w > quint32(kMaxCamSide) || dtype != 0) {
        error = QStringLiteral("the worker's result has shape n=%1 classes=%2 cam=%3x%4 dtype=%5 "
                               "(expected n=%6, 14 classes, float32)")
                    .arg(n)
                    .arg(k)
                    .arg(h)
                    .arg(w)
                    .arg(dtype)
                    .arg(expected);
        return false;
    }
    // All factors are bounded above, so the 64-bit products cannot overflow.
    const quint64 camSize = quint64(k) * h * w;
    const quint64 want = quint64(kRunHeaderSize) + (quint64(n) * k + quint64(n) * camSize) * 4;
    if (quint64(payload.size()) != want) {
        error = QStringLiteral("the worker's result holds %1 bytes, its shape needs %2")
                    .arg(payload.size())
                    .arg(want);
        return false;
    }
    const char* probs = payload.constData() + kRunHeaderSize;
    const char* cams = probs + quint64(n) * k * 4;
    out.assign(n, {});
    for (quint32 i = 0; i < n; ++i) {
        Prediction& p = out[i];
        p.probabilities.resize(k);
        std::memcpy(p.probabilities.data(), probs + quint64(i) * k * 4, size_t(k) * 4);
        p.cams.values.resize(size_t(camSize));
        std::memcpy(p.cams.values.data(), cams + quint64(i) * camSize * 4, size_t(camSize) * 4);
        p.cams.height = int(h);
        p.cams.width = int(w);
    }
    return true;
}

} // namespace chexview
