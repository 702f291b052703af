#pragma once

#include "chexview/eval/PredictionTable.h"
#include "chexview/image/XrayImage.h"
#include "chexview/model/InferenceEngine.h"

#include <atomic>
#include <functional>

namespace chexview {

/// Runs a loaded model over many images for evaluation: files are read, hashed, decoded and
/// preprocessed on the thread pool while the previous batch is in inference (`batch` images per
/// engine call), and each result is appended to a predictions cache keyed by the file's content
/// SHA-256 + the model file's SHA-256 + precision + TTA, so re-evaluating is instant and an
/// interrupted run resumes where it stopped.
/// Thread contract: score() blocks its calling thread (not the GUI thread); `progress` is
/// called on that thread after each batch; `cancel` may be set from any thread and stops after
/// the current batch (what was computed is in the cache).
class BatchScorer
{
public:
    struct Options
    {
        int batch = 16;
        bool tta = false;
        QString cacheFile; ///< empty: no cache
        /// Images (by file name) whose CAMs are kept in Result::cams, e.g. those with expert
        /// boxes; they are computed even when cached (the cache holds scores only). Called
        /// from pool threads: must be thread-safe (a lookup in data that does not change).
        std::function<bool(const QString& fileName)> keepCams;
        /// The input gate: called on each decoded image (pool threads, must be thread-safe);
        /// a non-empty answer (the reasons) keeps the image out of scoring and lists it in
        /// Result::gated. Images already in the cache are not decoded, so not gated.
        std::function<QString(const XrayImage& image)> gate;
    };
    /// The 14 CAMs of one image (of the centre crop with TTA) and where they lie in it.
    struct ImageCams
    {
        QString image;           ///< file name
        std::vector<float> cams; ///< [14, camHeight, camWidth]
        int camWidth = 0;
        int camHeight = 0;
        CropGeometry geometry;
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
        PredictionTable table;
        std::vector<ImageCams> cams; ///< the images Options::keepCams asked for
        QStringList failures;        ///< "file: message"
        QStringList gated;           ///< "file: reasons" of the images the gate kept out
        int cached = 0;
        int computed = 0;
        bool cancelled = false;
        double seconds = 0.0;
        double decodeSeconds = 0.0;    ///< summed over workers
        double inferenceSeconds = 0.0; ///< wall time inside the engine
        /// CPU seconds (user + system) of each stage: on a loaded machine wall time measures
        /// the neighbours; these do not. Read + SHA-256, decode and preprocess are the pool
        /// threads' own CPU time; `cpuSeconds` is the whole process during score() (inference
        /// = cpuSeconds minus the three).
        double hashCpuSeconds = 0.0;
        double decodeCpuSeconds = 0.0;
        double preprocessCpuSeconds = 0.0;
        double cpuSeconds = 0.0;
    };

    /// CPU seconds (user + system) the process has used so far.
    static double processCpuSeconds();
    /// The images of a folder the viewer opens (by extension), sorted by name.
    static QStringList imageFiles(const QString& dir);
    static Result score(const InferenceEngine& engine, const QStringList& files,
                        const Options& options,
                        const std::function<void(const Progress&)>& progress = {},
                        const std::atomic<bool>* cancel = nullptr);
};

} // namespace chexview
