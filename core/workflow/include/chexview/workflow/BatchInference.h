#pragma once

#include "chexview/eval/PredictionTable.h"
#include "chexview/gate/GateVerdict.h"
#include "chexview/image/XrayImage.h"
#include "chexview/model/Analysis.h"
#include "chexview/workflow/CancelToken.h"

#include <QStringList>

#include <array>
#include <functional>

namespace chexview {

/// A loaded model over many files: the one batch loop of chexview, used by `predict FOLDER`,
/// `evaluate --images`, the Evaluation tab and the worklist. Files are read, hashed, decoded
/// and preprocessed on a decode pool of its own while the previous batch is in the engine
/// (`batch` images per engine call, through Analyzer::analyzePrepared: TTA averaging lives
/// there); each image then goes to the sink in file order, and to the predictions cache when
/// one is named (PredictionCache: content SHA-256 + model, engine, device, precision, TTA).
/// Thread contract: run() blocks its calling thread (never the GUI thread) and must be called
/// on the thread that loaded the engine (a worker process belongs to it); the sink and
/// `progress` are called on that thread; the cancel token may be set from any thread and
/// stops the run after the current batch (what was computed is in the cache). Failures of one
/// file (unreadable, undecodable, an engine error of its batch, any std::exception) are
/// reported for that file and never end the run.
class BatchInference
{
public:
    /// What the batch loop is for, which decides the default batch size.
    enum class Purpose
    {
        Streaming, ///< one line per image as soon as it is scored (`predict`)
        Throughput ///< many images, only the totals matter (evaluation, worklist)
    };
    struct Options
    {
        int batch = 0; ///< 0: defaultBatch(device, purpose)
        Purpose purpose = Purpose::Throughput;
        bool tta = false;
        QString cacheFile; ///< empty: no cache
        /// Files (by file name) whose CAMs are kept in Item::analysis and Result::cams, e.g.
        /// those with expert boxes; they are computed even when cached (the cache holds scores
        /// only). Called from pool threads: must be thread-safe.
        std::function<bool(const QString& fileName)> keepCams;
        bool keepAllCams = false; ///< every computed image keeps its CAMs (predict --cam-dir)
        bool keepImages = false;  ///< Item::image holds the decoded image (rendering a CAM)
        /// The input gate (e.g. InputGate::check), called on each decoded image on the pool
        /// threads (thread-safe). A refused image is not scored (Item::gated, Result::gated)
        /// unless `forceGated`. Images taken from the cache are not decoded, so not gated.
        std::function<GateVerdict(const XrayImage& image)> gate;
        bool forceGated = false;
    };
    /// One file's outcome, handed to the sink in file order.
    struct Item
    {
        QString file;  ///< as given
        QString error; ///< non-empty: this file failed ("code: message"); nothing else is set
        bool cached = false;
        GateVerdict gate;   ///< the gate's verdict (ok when no gate ran)
        bool gated = false; ///< refused by the gate and not forced: no scores
        std::array<double, kFindingCount> scores{};
        /// Computed images: what produced the scores, timings; CAMs only when kept.
        AnalysisResult analysis;
        XrayImagePtr image;    ///< Options::keepImages
        double msPerImage = 0; ///< the batch's wall time (decode wait + engine) per image
    };
    using Sink = std::function<void(const Item&)>;
    /// The 14 CAMs of one image (of the centre crop with TTA) and where they lie in it.
    struct ImageCams
    {
        QString image; ///< file name
        ClassActivationMaps cams;
    };
    struct Progress
    {
        int done = 0;
        int total = 0;
        int cached = 0;
        double imagesPerSecond = 0.0;
        double etaSeconds = 0.0;
    };
    struct Result
    {
        PredictionTable table;       ///< scored images by file name, in file order
        std::vector<ImageCams> cams; ///< the images Options::keepCams asked for
        QStringList failures;        ///< "file: message"
        QStringList gated;           ///< "file: reasons" of the images the gate kept out
        int cached = 0;
        int computed = 0;
        bool cancelled = false;
        double seconds = 0.0;
        double decodeSeconds = 0.0;    ///< summed over pool threads
        double inferenceSeconds = 0.0; ///< wall time inside the engine
        /// CPU seconds (user + system) per stage: read + SHA-256, decode and preprocess are the
        /// pool threads' own; `cpuSeconds` is the whole process during run() (inference = the
        /// rest).
        double hashCpuSeconds = 0.0;
        double decodeCpuSeconds = 0.0;
        double preprocessCpuSeconds = 0.0;
        double cpuSeconds = 0.0;
    };

    /// The one place batch sizes default: 1 per engine call for streaming on the CPU (lowest
    /// latency per line), 16 for throughput on the CPU, 64 on an accelerator.
    static int defaultBatch(Device device, Purpose purpose);
    /// CPU seconds (user + system) the process has used so far.
    static double processCpuSeconds();
    /// The images of a folder that the viewer opens (ImageLoader::nameFilters()), by name.
    static QStringList imageFiles(const QString& dir);

    static Result run(const InferenceEngine& engine, const QStringList& files,
                      const Options& options, const Sink& sink = {},
                      const std::function<void(const Progress&)>& progress = {},
                      const CancelToken* cancel = nullptr);
};

} // namespace chexview
