#include "chexview/cli/Commands.h"
#include "chexview/dataset/DatasetReader.h"
#include "chexview/dataset/DatasetStatsFormatter.h"
#include "chexview/resources/ResourceLocator.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace chexview {

namespace {

int statsCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString lists, dataEntry, splitDir, format = QStringLiteral("table");
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--lists") && hasValue)
            lists = args[++i];
        else if (a == QLatin1String("--data-entry") && hasValue)
            dataEntry = args[++i];
        else if (a == QLatin1String("--split-lists") && hasValue)
            splitDir = args[++i];
        else if (a == QLatin1String("--format") && hasValue)
            format = args[++i];
        else {
            err << "chexview-cli dataset stats: unexpected argument '" << a << "'\n";
            return 2;
        }
    }
    if (format != QLatin1String("table") && format != QLatin1String("csv") &&
        format != QLatin1String("json")) {
        err << "chexview-cli dataset stats: --format must be table, csv or json\n";
        return 2;
    }
    DatasetStats stats;
    try {
        LabeledDataset data;
        if (!dataEntry.isEmpty()) {
            if (splitDir.isEmpty())
                splitDir = QFileInfo(dataEntry).absolutePath();
            data = DatasetReader::readDataEntry(dataEntry, splitDir);
        } else {
            data = DatasetReader::readSplitLists(lists.isEmpty() ? ResourceLocator::bundledLists()
                                                                 : lists);
        }
        stats = DatasetStats::compute(data);
    } catch (const DatasetError& e) {
        err << "chexview-cli dataset stats: error: " << DatasetError::codeName(e.code()) << ": "
            << e.message() << '\n';
        return 1;
    } catch (const std::exception& e) {
        err << "chexview-cli dataset stats: error: " << e.what() << '\n';
        return 1;
    }
    if (format == QLatin1String("csv"))
        out << DatasetStatsFormatter::csv(stats);
    else if (format == QLatin1String("json"))
        out << QJsonDocument(DatasetStatsFormatter::json(stats)).toJson(QJsonDocument::Compact)
            << '\n';
    else
        out << DatasetStatsFormatter::table(stats);
    for (const DatasetIssue& issue : stats.issues)
        err << issue.toString() << '\n';
    // Malformed lines were left out of every count; say so through the exit code too.
    return stats.issues.isEmpty() ? 0 : 3;
}

} // namespace

int runDatasetCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("stats"))
        return statsCommand(args.mid(1), out, err);
    if (sub == QLatin1String("download"))
        return runDownloadCommand(args.mid(1), out, err);
    err << "usage: chexview-cli dataset stats [--lists DIR | --data-entry CSV [--split-lists DIR]]"
           " [--format table|csv|json]\n"
           "       chexview-cli dataset download --dest DIR [--only 01,02] [--base-url URL]\n";
    return 2;
}

} // namespace chexview
