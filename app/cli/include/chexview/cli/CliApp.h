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

} // namespace chexview
