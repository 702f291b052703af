#pragma once

#include "chexview/model/InferenceEngine.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <cstdint>
#include <vector>

namespace chexview {

/// The worker process protocol (version 2), specified in core/pytorch/chexview_pytorch/PROTOCOL.md:
/// frames of a 16-byte little-endian header (magic "CXWP", u16 version, u16 type, u32 payload
/// length, u32 request id) and a payload; control messages carry UTF-8 JSON, RUN / RESULT carry a
/// 20-byte shape header and float32 arrays. Encoding and decoding only, on byte buffers: every
/// length is checked against hard limits before anything is allocated, and nothing throws (errors
/// come back as a message), so the decoders can be fed arbitrary bytes (fuzzing). Reentrant: no
/// shared state.
class WorkerProtocol
{
public:
    static constexpr quint16 kVersion = 2;
    static constexpr int kHeaderSize = 16;
    static constexpr quint32 kMaxPayload = 256u << 20;
    static constexpr int kMaxBatch = 256;
    static constexpr int kRunHeaderSize = 20;

    enum class Type : quint16
    {
        Hello = 1,
        Load = 2,
        Ready = 3,
        Run = 4,
        Result = 5,
        Error = 6,
        Bye = 7,
        Progress = 8 ///< worker -> chexview, unasked: what it is doing (before HELLO, during LOAD)
    };

    struct Frame
    {
        Type type = Type::Hello;
        quint32 requestId = 0;
        QByteArray payload;
    };

    enum class Take
    {
        NeedMore, ///< no complete frame in the buffer yet
        Taken,    ///< one frame removed from the front of the buffer
        Invalid   ///< the stream is not a valid frame sequence (error says why)
    };

    /// What the worker's interpreter can do, from its HELLO.
    struct Hello
    {
        int protocol = 0;
        QString python;
        QString torch;                      ///< empty when torch cannot be imported
        QMap<QString, QString> unavailable; ///< device -> reason; "" when available
        QMap<QString, QString> deviceNames;
    };

    /// The loaded model, from READY.
    struct Ready
    {
        QString device; ///< e.g. "cpu", "cuda:0", "hpu"
        QString deviceName;
        QString precision;
        QString torch;
        double loadMs = 0.0;
        int camHeight = 0;
        int camWidth = 0;
    };

    /// A PROGRESS message: the step the worker is in, and how long it has been working.
    struct Progress
    {
        QString stage;
        double elapsedMs = 0.0;
    };

    struct Error
    {
        QString code; ///< protocol, bad-request, load-failed, device-unavailable, inference-failed
        QString message;
    };

    static QByteArray encodeFrame(Type type, quint32 requestId, const QByteArray& payload);
    /// Removes one complete frame from the front of `buffer`. Invalid on a bad magic, another
    /// protocol version, an unknown type or a length over `maxPayload` (at most kMaxPayload;
    /// checked on the header alone, before the payload arrives).
    static Take takeFrame(QByteArray& buffer, Frame& frame, QString& error,
                          quint32 maxPayload = kMaxPayload);

    static QByteArray encodeLoad(const QJsonObject& request);
    /// RUN payload: the shape header and the batch as float32 (all inputs the same shape).
    static QByteArray encodeRun(const std::vector<ModelInput>& batch);

    static bool decodeHello(const QByteArray& payload, Hello& hello, QString& error);
    static bool decodeReady(const QByteArray& payload, Ready& ready, QString& error);
    static bool decodeError(const QByteArray& payload, Error& out, QString& error);
    static bool decodeProgress(const QByteArray& payload, Progress& out, QString& error);
    /// RESULT payload -> `expected` predictions of 14 probabilities and 14 CAMs each.
    static bool decodeResult(const QByteArray& payload, int expected, std::vector<Prediction>& out,
                             QString& error);
};

} // namespace chexview
