#pragma once

#include "chexview/study/StudyInstance.h"

#include <QSet>

#include <optional>

namespace chexview {

/// A local SQLite index (Qt Sql, QSQLITE driver) of what the scanner read from each file, so a
/// large tree reopens without reading its files again. An entry is current while the file's
/// size and modification time are those recorded; otherwise the file is read again. Files
/// that are neither DICOM nor an NIH PNG are recorded too (as "ignored") so they are not
/// sniffed again. The schema is versioned (table `meta`, key `schema_version`): an index of
/// another version is dropped and rebuilt (it is a cache; nothing else lives in it).
/// Thread contract: one StudyIndex per thread (each has its own connection); several
/// instances may open the same file in turn.
class StudyIndex
{
public:
    static constexpr int kSchemaVersion = 1;

    /// Opens or creates the database; throws StudyError(IndexUnavailable) naming the reason.
    explicit StudyIndex(const QString& databasePath);
    ~StudyIndex();
    StudyIndex(const StudyIndex&) = delete;
    StudyIndex& operator=(const StudyIndex&) = delete;

    QString path() const { return m_path; }
    int schemaVersion() const;

    /// The entry for `path` when its recorded size and mtime equal these; `ignored` is set
    /// when the file was recorded as not a study image.
    std::optional<StudyInstance> lookup(const QString& path, qint64 sizeBytes, qint64 mtimeMs,
                                        bool* ignored) const;
    void put(const StudyInstance& instance);
    void putIgnored(const QString& path, qint64 sizeBytes, qint64 mtimeMs);
    /// Removes the entries under folder `root` (or the file `root`) that are not in `seen`;
    /// returns how many.
    int removeMissing(const QString& root, const QSet<QString>& seen);
    int entryCount() const;

    void beginBatch();
    void commitBatch();

private:
    void createSchema();
    QString m_path;
    QString m_connection;
};

} // namespace chexview
