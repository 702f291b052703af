#include "PythonTool.h"

#include "chexview/resources/ResourceLocator.h"

#include <QFileInfo>
#include <QProcess>

namespace chexview {

QString toolPython()
{
    const QString env = qEnvironmentVariable("CHEXVIEW_PYTHON");
    return env.isEmpty() ? QStringLiteral("/usr/bin/python3") : env;
}

int runPythonTool(const QString& program, const QStringList& programArgs, const QString& script,
                  const QStringList& args, QTextStream& err)
{
    const QString path = ResourceLocator::pythonPackage() + QLatin1Char('/') + script;
    if (!QFileInfo::exists(path)) {
        err << "chexview-cli: " << path << " is missing: the Python package chexview_pytorch "
            << "is not installed next to this executable\n";
        err.flush();
        return 127;
    }
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.setInputChannelMode(QProcess::ForwardedInputChannel);
    child.start(program, QStringList(programArgs) << path << args);
    if (!child.waitForStarted(-1)) {
        err << "chexview-cli: cannot start " << program << ": " << child.errorString() << "\n";
        err.flush();
        return 127;
    }
    child.waitForFinished(-1);
    if (child.exitStatus() != QProcess::NormalExit) {
        err << "chexview-cli: " << script << " was killed\n";
        err.flush();
        return 128 + 15;
    }
    return child.exitCode();
}

} // namespace chexview
