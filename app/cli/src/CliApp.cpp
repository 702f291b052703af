#include "chexview/cli/CliApp.h"
#include "chexview/cli/Commands.h"

namespace chexview {

int CliApp::usage(int code)
{
    QTextStream& s = code == 0 ? m_out : m_err;
    s << "usage: chexview-cli <command> [options]\n"
         "  info FILE...                               image facts as JSON, one line per file\n"
         "  gate FILE|FOLDER...                        the input gate's verdict, one line per "
         "file\n"
         "  render FILE -o OUT.png [--window C,W | --preset lung|mediastinum|bone] [--invert]\n"
         "                                             write the display image\n"
         "  predict FILE|FOLDER... [--model DIR] [--precision fp32|fp32-opt|int8|fp16|bf16]\n"
         "          (default int8; worker: fp32-opt on cpu, bf16 on cuda/hpu)\n"
         "          [--engine libtorch|worker] [--device cpu|cuda|hpu] [--python PATH]\n"
         "          [--threads N] [--batch N] [--tta] [--force] [--cam-dir DIR] [--csv OUT]\n"
         "                                             14 finding scores as JSON, one line per "
         "file\n"
         "  report FILE [--model DIR] [--precision P] [--finding NAME] [--anonymize] -o OUT.pdf\n"
         "                                             one-page PDF: image, heatmap, findings\n"
         "  bench [--model DIR] [--threads N] [--batch N] [--iters N] [--image FILE]\n"
         "        [--engine libtorch|worker] [--device D] [--python PATH] [--precision P]\n"
         "                                             median/p90 ms per stage, images/s\n"
         "  evaluate --labels FILE|DIR (--predictions CSV | --images DIR [--model DIR]\n"
         "          [--precision P] [--device D] [--batch N] [--tta] [--cache FILE])\n"
         "          [--bootstrap N] [--seed S]\n"
         "          [--threshold manifest|youden|X] [--format table|csv|json] [--out DIR]\n"
         "                                             AUROC with CI, AP, threshold stats per "
         "finding\n"
         "          [--calibration] [--subgroups sex,age,view] [--expert-labels FILE]\n"
         "  calibrate --labels FILE|DIR (--predictions CSV | --images DIR) --model DIR --out DIR\n"
         "          [--method temperature|platt|isotonic] [--holdout F]\n"
         "                                             fit a recalibration into a new package\n"
         "  dataset stats [--lists DIR | --data-entry CSV [--split-lists DIR]] [--format "
         "table|csv|json]\n"
         "                                             label statistics per split\n"
         "  dataset download --dest DIR [--only 01,02] [--base-url URL]\n"
         "                                             fetch and verify the NIH image archives\n"
         "  studies PATH... [--format json|table] [--labels CSV] [--index FILE | --no-index]\n"
         "                                             patients -> studies -> series, with priors\n"
         "  worklist PATH... [--priority F1,F2/F3,...] [--format json|csv] [--aging-minutes N]\n"
         "           [--max-wait-minutes N] [--now YYYYMMDDHHMMSS] [--model DIR] ...\n"
         "                                             studies in triage order (worklist --help)\n"
         "  pacs echo|find|get (--server NAME | --dicomweb URL | --dimse AET@HOST:PORT) ...\n"
         "                                             query/retrieve a PACS (pacs --help)\n"
         "  results FILE...                            AI results (TID 1500 SR, Parametric Map)\n"
         "                                             read back as JSON, one line per file\n"
         "  measure FILE [--length X1,Y1,X2,Y2] [--angle ...] [--ellipse ...] [--rectangle ...]\n"
         "          [--ctr ...] [--stored] [--view PA|AP] [--anonymize] [--sr OUT.dcm]\n"
         "                                             calibrated values; TID 1500 SR with "
         "SCOORDs\n"
         "  train [--nproc N] --images DIR [--labels LISTS|CSV] --out RUN_DIR [--package DIR] ...\n"
         "                                             train CheXNet with torchrun (train --help)\n"
         "  convert (--arnoweng F | --torchxrayvision F | --state-dict F) --out DIR\n"
         "          [--calibration DIR | --no-int8] [--name NAME]\n"
         "                                             a checkpoint as a chexview model package\n";
    s.flush();
    return code;
}

int CliApp::run(const QStringList& args)
{
    if (args.isEmpty())
        return usage(2);
    const QString command = args.first();
    const QStringList rest = args.mid(1);
    if (command == QLatin1String("info"))
        return runInfoCommand(rest, m_out, m_err);
    if (command == QLatin1String("gate"))
        return runGateCommand(rest, m_out, m_err);
    if (command == QLatin1String("render"))
        return runRenderCommand(rest, m_out, m_err);
    if (command == QLatin1String("predict"))
        return runPredictCommand(rest, m_out, m_err);
    if (command == QLatin1String("report"))
        return runReportCommand(rest, m_out, m_err);
    if (command == QLatin1String("bench"))
        return runBenchCommand(rest, m_out, m_err);
    if (command == QLatin1String("evaluate"))
        return runEvaluateCommand(rest, m_out, m_err);
    if (command == QLatin1String("calibrate"))
        return runCalibrateCommand(rest, m_out, m_err);
    if (command == QLatin1String("dataset"))
        return runDatasetCommand(rest, m_out, m_err);
    if (command == QLatin1String("studies"))
        return runStudiesCommand(rest, m_out, m_err);
    if (command == QLatin1String("worklist"))
        return runWorklistCommand(rest, m_out, m_err);
    if (command == QLatin1String("pacs"))
        return runPacsCommand(rest, m_out, m_err);
    if (command == QLatin1String("measure"))
        return runMeasureCommand(rest, m_out, m_err);
    if (command == QLatin1String("results"))
        return runResultsCommand(rest, m_out, m_err);
    if (command == QLatin1String("train"))
        return runTrainCommand(rest, m_out, m_err);
    if (command == QLatin1String("convert"))
        return runConvertCommand(rest, m_out, m_err);
    if (command == QLatin1String("-h") || command == QLatin1String("--help") ||
        command == QLatin1String("help"))
        return usage(0);
    m_err << "chexview-cli: unknown command '" << command << "'\n";
    return usage(2);
}

} // namespace chexview
