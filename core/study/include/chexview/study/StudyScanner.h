#pragma once

#include "chexview/study/StudyInstance.h"

#include <QStringList>

#include <vector>

namespace chexview {

class StudyIndex;
class InstanceCache;

/// Finds the study images under files and folders: folders are walked recursively (hidden
/// entries and `.part` files skipped), every file is recognized by its content (DICOM with or
/// without an extension or meta header, PNG), DICOM files give their tags
/// (patient/study/series identity, dates, view, laterality; pixel data is never read) and NIH
/// PNGs their patient and follow-up number from the name. A labels CSV (Data_Entry or a
/// labels.csv) adds view position and age to the PNGs. With an index, files whose size and
/// mtime are unchanged are taken from it and entries of files gone from a scanned folder are
/// removed. Files are only read. Thread contract: blocks its thread; reentrant with distinct
/// indexes.
class StudyScanner
{
public:
    struct Options
    {
        QString labelsCsv;           ///< empty: none
        StudyIndex* index = nullptr; ///< not owned; null: no index
    };
    struct Result
    {
        std::vector<StudyInstance> instances; ///< sorted by path
        QStringList skipped;                  ///< "path: reason" for DICOM files not usable
        QStringList warnings;                 ///< e.g. a labels CSV that could not be read
        int filesSeen = 0;
        int fromIndex = 0; ///< taken from the index unchanged
        int readFiles = 0; ///< read from disk (new or changed)
        int ignored = 0;   ///< neither DICOM nor an NIH PNG
        int removedFromIndex = 0;
    };

    /// Throws StudyError(NotFound) when a path does not exist.
    static Result scan(const QStringList& paths, const Options& options);
    /// The PACS instance cache's folder.
    static Result scanCache(const InstanceCache& cache, const Options& options);
};

} // namespace chexview
