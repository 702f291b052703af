#include "EngineOptionsArgs.h"

namespace chexview {

bool parseEngineOptions(const QStringList& args, int& i, QString& model,
                        InferenceEngine::Options& opt)
{
    const QString& a = args[i];
    if (a == QLatin1String("--compile")) {
        opt.compile = true;
        return true;
    }
    if (i + 1 >= args.size())
        return false;
    if (a == QLatin1String("--model"))
        model = args[++i];
    else if (a == QLatin1String("--precision"))
        opt.precision = args[++i];
    else if (a == QLatin1String("--device"))
        opt.device = args[++i];
    else if (a == QLatin1String("--engine"))
        opt.engine = args[++i];
    else if (a == QLatin1String("--python"))
        opt.python = args[++i];
    else if (a == QLatin1String("--threads"))
        opt.threads = args[++i].toInt();
    else
        return false;
    return true;
}

QString engineOptionsUsage()
{
    return QStringLiteral("[--model DIR] [--engine libtorch|worker] [--device cpu|cuda|hpu]\n"
                          "          [--precision fp32|fp32-opt|int8 (libtorch); fp32|fp32-opt|"
                          "fp16|bf16 (worker)]\n"
                          "          (default: int8 in-process on cpu; worker: fp32-opt on cpu, "
                          "bf16 on cuda/hpu)\n"
                          "          [--python PATH (worker; default $CHEXVIEW_PYTHON or "
                          "/usr/bin/python3)] [--compile] [--threads N]");
}

} // namespace chexview
