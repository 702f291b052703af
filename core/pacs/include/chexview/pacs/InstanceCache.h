#pragma once

#include <QString>

namespace chexview {

/// One DICOM instance accepted into an InstanceCache.
struct CachedInstance
{
    QString sopInstanceUid;
    QString studyInstanceUid;
    QString sopClassUid;
    QString path;
    qint64 bytes = 0;
};

/// A folder of received DICOM instances, one file per SOP Instance UID (`UID.dcm`). Everything
/// received lands first in a temporary `.part` file, is checked like a file from disk (parsed by
/// DCMTK, with or without a meta header as the image loader accepts; SOP Class, SOP Instance
/// and Study UIDs well formed; the dataset's SOP Instance UID names the file) and only
/// then renamed into place, so a half-received or hostile object never appears under a UID name.
/// With a size cap, adopting an instance evicts the least recently written others until the
/// folder fits. Thread contract: one instance per thread; distinct caches on distinct folders
/// are independent.
class InstanceCache
{
public:
    /// `maxBytes` 0: no cap. Creates the folder; throws PacsError(Storage) if it cannot.
    explicit InstanceCache(const QString& dir, qint64 maxBytes = 0);

    QString dir() const { return m_dir; }
    qint64 maxBytes() const { return m_maxBytes; }
    /// A fresh, unused temporary path inside the folder for an object being received.
    QString newPartPath() const;
    /// Validates `partPath` and moves it to `UID.dcm`; on failure removes it and throws
    /// PacsError(NotDicom or Storage). Replaces an older file of the same UID.
    CachedInstance adopt(const QString& partPath);
    /// Reads the identifying UIDs of a DICOM file without loading its pixel data; throws
    /// PacsError(NotDicom). `requireMetaHeader`: refuse a bare dataset.
    static CachedInstance inspect(const QString& path, bool requireMetaHeader);

    bool contains(const QString& sopInstanceUid) const;
    QString pathFor(const QString& sopInstanceUid) const;
    /// Bytes used by the cached `.dcm` files.
    qint64 sizeBytes() const;
    /// Removes every cached instance and leftover `.part` file; returns the number removed.
    int clear();
    /// A DICOM UID: 1-64 characters of digits and dots, no empty component.
    static bool isValidUid(const QString& uid);

private:
    void enforceCap(const QString& keep);

    QString m_dir;
    qint64 m_maxBytes;
};

} // namespace chexview
