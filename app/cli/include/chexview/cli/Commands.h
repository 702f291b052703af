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

/// `predict FILE|FOLDER... [--model DIR] [--precision P] [--device D] [--threads N] [--tta]
/// [--cam-dir DIR] [--csv OUT]`; a folder stands for its images, sorted by name.
/// Precision defaults to int8, as in the viewer.
int runPredictCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `report FILE [--model DIR] [--precision P] [--finding NAME] [--anonymize] -o OUT.pdf`: the
/// one-page PDF report (needs a QGuiApplication; main() makes one, offscreen if no display).
int runReportCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `bench [--model DIR] [--threads N] [--batch N] [--iters N] [--image FILE]`: JSON per precision.
int runBenchCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace chexview
