#include "EngineOptionsArgs.h"

namespace chexview {

namespace {

template <typename T>
void assignWord(const QString& option, const QString& text, const QList<T>& values,
                std::optional<T> parsed, T& into, QString& error)
{
    if (parsed)
        into = *parsed;
    else
        error = QStringLiteral("%1 takes %2, not '%3'")
                    .arg(option, namesOf(values).join(QLatin1Char('|')), text);
}

} // namespace

bool parseEngineOptions(const QStringList& args, int& i, QString& model,
                        InferenceEngine::Options& opt, QString& error)
{
    const QString& a = args[i];
    if (a == QLatin1String("--compile")) {
        opt.compile = true;
        return true;
    }
    if (i + 1 >= args.size())
        return false;
    if (a == QLatin1String("--model")) {
        model = args[++i];
    } else if (a == QLatin1String("--precision")) {
        const QString& v = args[++i];
        Precision p = Precision::Fp32;
        assignWord(a, v, allPrecisions(), parsePrecision(v), p, error);
        if (error.isEmpty())
            opt.precision = p;
    } else if (a == QLatin1String("--device")) {
        const QString& v = args[++i];
        assignWord(a, v, allDevices(), parseDevice(v), opt.device, error);
    } else if (a == QLatin1String("--engine")) {
        const QString& v = args[++i];
        assignWord(a, v, allEngines(), parseEngine(v), opt.engine, error);
    } else if (a == QLatin1String("--python")) {
        opt.python = args[++i];
    } else if (a == QLatin1String("--threads")) {
        bool ok = false;
        opt.threads = args[++i].toInt(&ok);
        if (!ok || opt.threads < 0 || opt.threads > 1024)
            error = QStringLiteral("--threads takes 0 to 1024");
    } else {
        return false;
    }
    return true;
}

QString engineOptionsUsage()
{
    return QStringLiteral("[--model DIR] [--engine %1] [--device %2]\n"
                          "          [--precision %3 (libtorch); %4 (worker)]\n"
                          "          (default: %5 in-process on cpu; worker: %6 on cpu, "
                          "%7 on cuda/hpu)\n"
                          "          [--python PATH (worker; default $CHEXVIEW_PYTHON or "
                          "/usr/bin/python3)] [--compile] [--threads N]")
        .arg(namesOf(allEngines()).join(QLatin1Char('|')),
             namesOf(allDevices()).join(QLatin1Char('|')),
             namesOf(precisionsOf(Engine::LibTorch)).join(QLatin1Char('|')),
             namesOf(precisionsOf(Engine::Worker)).join(QLatin1Char('|')),
             toString(defaultPrecision(Engine::LibTorch, Device::Cpu)),
             toString(defaultPrecision(Engine::Worker, Device::Cpu)),
             toString(defaultPrecision(Engine::Worker, Device::Cuda)));
}

} // namespace chexview
