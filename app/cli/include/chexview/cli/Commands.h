#pragma once

#include <QStringList>
#include <QTextStream>

namespace chexview {

/// The commands of `chexview-cli`, one per source file. Each parses its own arguments, writes
/// results to `out` and one-line errors to `err`, and returns the process exit code.
/// `info FILE...`: one JSON object per line; non-zero exit if any file failed.
int runInfoCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `gate FILE|FOLDER...`: the input gate's verdict per file, one JSON object per line
/// ({"file", "gate": {"verdict", "reasons", "ood_score"}}); exit 1 if a file failed to open.
int runGateCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `render FILE -o OUT.png [--window C,W] [--invert]`.
int runRenderCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `dataset stats ...` / `dataset download ...`.
int runDatasetCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `dataset download --dest DIR [--only 01,02] [--base-url URL] [--urls FILE] [--sums FILE]`.
int runDownloadCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `predict FILE|FOLDER... [engine options] [--tta] [--force] [--cam-dir DIR] [--csv OUT]`; a
/// folder stands for its images, sorted by name; each line carries the input gate's verdict,
/// and a refused image has no findings (nor a CSV row) unless --force; precision defaults to int8,
/// as in the viewer. Engine options (EngineOptionsArgs): --model, --engine libtorch|worker,
/// --device, --precision,
/// --python, --threads, --compile.
int runPredictCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `evaluate --labels FILE|DIR --predictions CSV [--bootstrap N] [--seed S] [--threshold
/// manifest|youden|X] [--format table|csv|json] [--out DIR]`: per-finding metrics; exit 3 when
/// labels and predictions do not pair up completely.
int runEvaluateCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `calibrate --labels FILE|DIR (--predictions CSV | --images DIR) --model PACKAGE --out
/// PACKAGE [--method temperature|platt|isotonic] [--holdout F]`: fits a per-finding
/// recalibration and writes a copy of the package whose engine applies it.
int runCalibrateCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `report FILE [--model DIR] [--precision P] [--finding NAME] [--anonymize] -o OUT.pdf`: the
/// one-page PDF report (needs a QGuiApplication; main() makes one, offscreen if no display).
int runReportCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `bench [engine options] [--batch N] [--iters N] [--image FILE]`: JSON per precision with
/// median/p90 per stage and images/s.
int runBenchCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `results FILE...`: one JSON object per AI result read back (TID 1500 SR or Parametric Map,
/// whoever wrote it); exit 1 if any file is not one.
int runResultsCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `measure FILE [--length X1,Y1,X2,Y2] [--angle ...] [--ellipse ...] [--rectangle ...] [--ctr
/// ...] [--stored [--store-dir DIR]] [--view PA|AP] [--anonymize] [--sr OUT.dcm]`: the values
/// of measurements given in image pixel coordinates (or kept by the viewer) with their
/// calibration, as one JSON object; --sr writes them as a TID 1500 SR (MeasurementSrWriter).
int runMeasureCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `train [--nproc N] TRAIN_ARGS...`: chexview_pytorch's train.py under torchrun (one process
/// per device), in the foreground; returns its exit code.
int runTrainCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `convert (--arnoweng F | --torchxrayvision F | --state-dict F | --random-seed N) --out DIR
/// [--calibration DIR | --no-int8] ...`: a checkpoint -> a model package (build_package.py);
/// INT8 calibrated on the bundled images unless --calibration is given.
int runConvertCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `studies PATH... [--format json|table] [--labels CSV] [--index FILE | --no-index]`: the
/// patient -> study -> series tree of folders (recursive) and files, one JSON object per patient
/// with each study's prior.
int runStudiesCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `worklist PATH... [--priority F1,F2/F3,...] [--format json|csv] [--aging-minutes N]
/// [--max-wait-minutes N] [--now T] [engine options]`: studies scored through the batch
/// inference, one JSON object per study in triage order.
int runWorklistCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `pacs echo|find|get|store|send-results|results ...` against a node from the settings or given
/// inline.
int runPacsCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace chexview
