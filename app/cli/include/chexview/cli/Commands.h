#pragma once

#include <QStringList>
#include <QTextStream>

namespace chexview {

/// The commands of `chexview-cli`, one per source file. Each parses its own arguments, writes
/// results to `out` and one-line errors to `err`, and returns the process exit code.
/// `info FILE...`: one JSON object per line; non-zero exit if any file failed.
int runInfoCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `render FILE -o OUT.png [--window C,W] [--invert]`.
int runRenderCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `dataset stats ...` / `dataset download ...`.
int runDatasetCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `dataset download --dest DIR [--only 01,02] [--base-url URL] [--urls FILE] [--sums FILE]`.
int runDownloadCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `predict FILE|FOLDER... [engine options] [--tta] [--cam-dir DIR] [--csv OUT]`; a folder
/// stands for its images, sorted by name; precision defaults to int8, as in the viewer. Engine
/// options (EngineOptionsArgs): --model, --engine libtorch|worker, --device, --precision,
/// --python, --threads, --compile.
int runPredictCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `evaluate --labels FILE|DIR --predictions CSV [--bootstrap N] [--seed S] [--threshold
/// manifest|youden|X] [--format table|csv|json] [--out DIR]`: per-finding metrics; exit 3 when
/// labels and predictions do not pair up completely.
int runEvaluateCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `report FILE [--model DIR] [--precision P] [--finding NAME] [--anonymize] -o OUT.pdf`: the
/// one-page PDF report (needs a QGuiApplication; main() makes one, offscreen if no display).
int runReportCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `bench [engine options] [--batch N] [--iters N] [--image FILE]`: JSON per precision with
/// median/p90 per stage and images/s.
int runBenchCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `studies PATH... [--format json|table] [--labels CSV] [--index FILE | --no-index]`: the
/// patient -> study -> series tree of folders (recursive) and files, one JSON object per patient
/// with each study's prior.
int runStudiesCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `worklist PATH... [--priority F1,F2/F3,...] [--format json|csv] [--aging-minutes N]
/// [--max-wait-minutes N] [--now T] [engine options]`: studies scored through the batch
/// inference, one JSON object per study in triage order.
int runWorklistCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `pacs echo|find|get|send-results ...` against a node from the settings or given inline.
int runPacsCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace chexview
