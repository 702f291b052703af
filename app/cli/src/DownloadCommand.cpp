#include "chexview/cli/Commands.h"
#include "chexview/dataset/ArchiveDownloader.h"
#include "chexview/resources/ResourceLocator.h"

#include <QElapsedTimer>
#include <QEventLoop>

namespace chexview {

namespace {

QString human(double bytes)
{
    const char* units[] = {"B", "KB", "MB", "GB"};
    int u = 0;
    while (bytes >= 1024 && u < 3) {
        bytes /= 1024;
        ++u;
    }
    return QStringLiteral("%1 %2").arg(bytes, 0, 'f', u ? 1 : 0).arg(QLatin1String(units[u]));
}

QString duration(double secs)
{
    if (secs < 0)
        return QStringLiteral("?");
    const int s = int(secs);
    return s >= 3600
               ? QStringLiteral("%1h%2m").arg(s / 3600).arg(s % 3600 / 60, 2, 10, QLatin1Char('0'))
               : QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

int runDownloadCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString dest, baseUrl;
    QString urls = ResourceLocator::resourcesDir() + QStringLiteral("/dataset/images_urls.txt");
    QString sums =
        ResourceLocator::resourcesDir() + QStringLiteral("/dataset/images_SHA256SUMS.txt");
    QStringList only;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--dest") && hasValue)
            dest = args[++i];
        else if (a == QLatin1String("--only") && hasValue)
            only = args[++i].split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (a == QLatin1String("--base-url") && hasValue)
            baseUrl = args[++i];
        else if (a == QLatin1String("--urls") && hasValue)
            urls = args[++i];
        else if (a == QLatin1String("--sums") && hasValue)
            sums = args[++i];
        else {
            err << "chexview-cli dataset download: unexpected argument '" << a << "'\n";
            return 2;
        }
    }
    if (dest.isEmpty()) {
        err << "usage: chexview-cli dataset download --dest DIR [--only 01,02] [--base-url URL]\n";
        return 2;
    }
    for (QString& n : only)
        n = n.trimmed().rightJustified(2, QLatin1Char('0'));
    QList<ArchiveDownloader::Archive> plan;
    try {
        plan = ArchiveDownloader::plan(urls, sums, only, baseUrl);
    } catch (const std::exception& e) {
        err << "chexview-cli dataset download: error: " << e.what() << '\n';
        return 1;
    }
    ArchiveDownloader downloader;
    QEventLoop loop;
    bool ok = false;
    QElapsedTimer lastPrint;
    lastPrint.start();
    QObject::connect(&downloader, &ArchiveDownloader::progress, &loop,
                     [&](const QString& name, qint64 got, qint64 total, double rate, double eta) {
                         if (lastPrint.elapsed() < 1000 && got != total)
                             return;
                         lastPrint.restart();
                         err << name << ": " << human(double(got));
                         if (total > 0)
                             err << " of " << human(double(total)) << " ("
                                 << QString::number(100.0 * double(got) / double(total), 'f', 1)
                                 << "%)";
                         err << ", " << human(rate) << "/s, ETA " << duration(eta) << '\n';
                         err.flush();
                     });
    QObject::connect(&downloader, &ArchiveDownloader::archiveDone, &loop,
                     [&](const QString& name, ArchiveDownloader::Result, const QString& message) {
                         err << name << ": " << message << '\n';
                         err.flush();
                     });
    QObject::connect(&downloader, &ArchiveDownloader::finished, &loop,
                     [&](bool allOk, const QString& summary) {
                         ok = allOk;
                         out << "Summary:\n" << summary << '\n';
                         loop.quit();
                     });
    downloader.start(dest, plan);
    loop.exec();
    return ok ? 0 : 1;
}

} // namespace chexview
