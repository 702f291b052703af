#include "StudyInputs.h"

#include "chexview/study/StudyError.h"
#include "chexview/study/StudyGrouper.h"
#include "chexview/study/StudyIndex.h"
#include "chexview/study/StudyScanner.h"

#include <QStandardPaths>

#include <memory>

namespace chexview {

bool StudyInputs::parseOption(const QStringList& args, int& i)
{
    const QString& a = args[i];
    const bool hasValue = i + 1 < args.size();
    if (a == QLatin1String("--labels") && hasValue)
        labelsCsv = args[++i];
    else if (a == QLatin1String("--index") && hasValue)
        indexPath = args[++i];
    else if (a == QLatin1String("--no-index"))
        noIndex = true;
    else
        return false;
    return true;
}

QString StudyInputs::defaultIndexPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/chexview/study-index.sqlite");
}

bool StudyInputs::load(const QString& command, QList<PatientStudies>& patients,
                       QTextStream& err) const
{
    try {
        std::unique_ptr<StudyIndex> index;
        if (!noIndex)
            index =
                std::make_unique<StudyIndex>(indexPath.isEmpty() ? defaultIndexPath() : indexPath);
        StudyScanner::Options o;
        o.labelsCsv = labelsCsv;
        o.index = index.get();
        const StudyScanner::Result r = StudyScanner::scan(paths, o);
        for (const QString& w : r.warnings)
            err << "chexview-cli " << command << ": warning: " << w << '\n';
        for (const QString& s : r.skipped)
            err << "chexview-cli " << command << ": skipped " << s << '\n';
        err << QStringLiteral("chexview-cli %1: %2 files, %3 from the index, %4 read, %5 not "
                              "study images\n")
                   .arg(command)
                   .arg(r.filesSeen)
                   .arg(r.fromIndex)
                   .arg(r.readFiles)
                   .arg(r.ignored);
        patients = StudyGrouper::group(r.instances);
    } catch (const StudyError& e) {
        err << "chexview-cli " << command << ": error: " << StudyError::codeName(e.code()) << ": "
            << e.message() << '\n';
        return false;
    }
    return true;
}

QString studyInputsUsage()
{
    return QStringLiteral(
               "  --labels CSV      Data_Entry or labels CSV: view position and age of NIH PNGs\n"
               "  --index FILE      the SQLite study index (default %1)\n"
               "  --no-index        read every file, keep no index\n")
        .arg(StudyInputs::defaultIndexPath());
}

} // namespace chexview
