#pragma once

#include "chexview/study/PatientStudies.h"

#include <QList>
#include <QStringList>
#include <QTextStream>

namespace chexview {

/// What `studies` and `worklist` share: the paths, `--labels CSV` and the index
/// (`--index FILE`, default the user's cache folder; `--no-index`).
struct StudyInputs
{
    QStringList paths;
    QString labelsCsv;
    QString indexPath; ///< empty with --no-index
    bool noIndex = false;

    /// Consumes `--labels`, `--index` or `--no-index` at args[i] (advancing i past a value)
    /// and returns true; false otherwise.
    bool parseOption(const QStringList& args, int& i);
    /// The default index file (GenericCacheLocation/chexview/study-index.sqlite).
    static QString defaultIndexPath();
    /// Scans and groups; prints skipped files and warnings to `err` prefixed by `command`.
    /// Returns false (after a one-line error) when a path is missing or the index fails.
    bool load(const QString& command, QList<PatientStudies>& patients, QTextStream& err) const;
};

/// The usage lines of those options.
QString studyInputsUsage();

} // namespace chexview
