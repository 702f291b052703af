#pragma once

#include <QStringList>
#include <QTextStream>

namespace chexview {

/// Runs one of chexview_pytorch's scripts (found through ResourceLocator::pythonPackage()) as a
/// child process whose stdin/stdout/stderr are this process's, waits for it and returns its
/// exit code (127 when it cannot be started, with the reason on `err`). Blocks the calling
/// thread; `program` is an interpreter or launcher (python3, torchrun), `script` a file name in
/// the package, `args` follow it.
int runPythonTool(const QString& program, const QStringList& programArgs, const QString& script,
                  const QStringList& args, QTextStream& err);

/// The Python interpreter for the tools: $CHEXVIEW_PYTHON, else /usr/bin/python3.
QString toolPython();

} // namespace chexview
