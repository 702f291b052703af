#include "PythonTool.h"
#include "chexview/cli/Commands.h"
#include "chexview/resources/ResourceLocator.h"

namespace chexview {

int runConvertCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QStringList rest = args;
    // INT8 needs calibration images: the bundled 100 NIH images unless the user names some.
    if (!rest.contains(QLatin1String("--calibration")) &&
        !rest.contains(QLatin1String("--no-int8")) && !rest.contains(QLatin1String("-h")) &&
        !rest.contains(QLatin1String("--help")))
        rest << QStringLiteral("--calibration")
             << ResourceLocator::resourcesDir() + QStringLiteral("/calibration");
    out.flush();
    return runPythonTool(toolPython(), {}, QStringLiteral("build_package.py"), rest, err);
}

} // namespace chexview
