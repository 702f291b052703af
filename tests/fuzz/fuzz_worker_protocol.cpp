// libFuzzer harness: the byte stream a worker process sends back (issue 13's protocol). The
// input is split into frames exactly as WorkerProcess does, and each frame's payload goes through
// the decoder of its type. Nothing may throw, and no allocation may follow a length the bytes
// cannot back.
#include "chexview/model/WorkerProtocol.h"

#include <QByteArray>
#include <QLoggingCategory>

using namespace chexview;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.warning=false\n*.debug=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // The first byte picks the batch size a RESULT must answer (1..8), as a RUN would have.
    if (size == 0)
        return 0;
    const int expected = 1 + data[0] % 8;
    QByteArray stream(reinterpret_cast<const char*>(data) + 1, qsizetype(size - 1));
    for (int frames = 0; frames < 64; ++frames) {
        WorkerProtocol::Frame frame;
        QString error;
        const auto take = WorkerProtocol::takeFrame(stream, frame, error, 1u << 20);
        if (take != WorkerProtocol::Take::Taken)
            break;
        switch (frame.type) {
        case WorkerProtocol::Type::Hello: {
            WorkerProtocol::Hello hello;
            WorkerProtocol::decodeHello(frame.payload, hello, error);
            break;
        }
        case WorkerProtocol::Type::Ready: {
            WorkerProtocol::Ready ready;
            WorkerProtocol::decodeReady(frame.payload, ready, error);
            break;
        }
        case WorkerProtocol::Type::Error: {
            WorkerProtocol::Error err;
            WorkerProtocol::decodeError(frame.payload, err, error);
            break;
        }
        case WorkerProtocol::Type::Progress: {
            WorkerProtocol::Progress progress;
            WorkerProtocol::decodeProgress(frame.payload, progress, error);
            break;
        }
        case WorkerProtocol::Type::Result: {
            std::vector<Prediction> out;
            WorkerProtocol::decodeResult(frame.payload, expected, out, error);
            break;
        }
        default:
            break;
        }
    }
    return 0;
}
