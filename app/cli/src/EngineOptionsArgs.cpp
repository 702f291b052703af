#include "EngineOptionsArgs.h"

namespace chexview {

bool parseEngineOptions(const QStringList& args, int& i, QString& model,
                        InferenceEngine::Options& opt)
{
    const QString& a = args[i];
    if (i + 1 >= args.size())
        return false;
    if (a == QLatin1String("--model"))
        model = args[++i];
    else if (a == QLatin1String("--precision"))
        opt.precision = args[++i];
    else if (a == QLatin1String("--device"))
        opt.device = args[++i];
    else if (a == QLatin1String("--threads"))
        opt.threads = args[++i].toInt();
    else
        return false;
    return true;
}

} // namespace chexview
