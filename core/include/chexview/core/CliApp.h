#pragma once

#include <QStringList>
#include <QTextStream>

namespace chexview {

/// `chexview-cli` command dispatcher. Commands write results to `out` and one-line errors to
/// `err`, and return the process exit code. Runs on the calling thread; no event loop needed.
class CliApp
{
public:
    CliApp(QTextStream& out, QTextStream& err) : m_out(out), m_err(err) {}
    /// args excludes the program name: {"info", "a.dcm", ...}.
    int run(const QStringList& args);

private:
    int usage(int code);
    QTextStream& m_out;
    QTextStream& m_err;
};

/// `info FILE...`: one JSON object per line; non-zero exit if any file failed.
int runInfoCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `render FILE -o OUT.png [--window C,W] [--invert]`.
int runRenderCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `dataset stats ...` / `dataset download ...`.
int runDatasetCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `dataset download --dest DIR [--only 01,02] [--base-url URL] [--urls FILE] [--sums FILE]`.
int runDownloadCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `predict FILE... [--model DIR] [--precision P] [--device D] [--threads N] [--tta] [--cam-dir
/// DIR] [--csv OUT]`.
int runPredictCommand(const QStringList& args, QTextStream& out, QTextStream& err);
/// `bench [--model DIR] [--threads N] [--batch N] [--iters N] [--image FILE]`: JSON per precision.
int runBenchCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace chexview
