#pragma once

#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsNode.h"
#include "chexview/pacs/StudyQuery.h"
#include "chexview/pacs/StudyRecord.h"

#include <atomic>
#include <functional>

namespace chexview {

/// DIMSE services on DCMTK's dcmnet: C-ECHO, study-root C-FIND, C-GET into an InstanceCache and
/// C-STORE. C-GET proposes every storage transfer syntax chexview decodes (uncompressed, deflate,
/// big endian, JPEG baseline/extended/lossless, JPEG-LS, RLE, JPEG 2000) as separate
/// presentation contexts per image SOP class, so the PACS can send what it stored untouched;
/// objects arrive bit-preserved (dataset bytes as sent, plus a meta header). Each call opens and
/// releases its own association; every step has the timeout given at construction.
/// Failures are PacsError (refused, rejected, timeout, DIMSE status); a C-GET that stops early
/// keeps what was received and says what was not.
/// Thread contract: one client per thread; cancel() may be called from any thread.
class DimseClient
{
public:
    using InstanceReceived = std::function<void(const CachedInstance&)>;

    explicit DimseClient(const PacsNode& node, int timeoutSeconds = 30);

    /// C-ECHO; returns a one-line description of the verified association.
    QString echo();
    QList<StudyRecord> findStudies(const StudyQuery& query);
    /// Study-level C-GET; returns the number of instances received.
    int getStudy(const QString& studyInstanceUid, InstanceCache& cache,
                 const InstanceReceived& onInstance = {});
    /// C-STORE of each file in its own transfer syntax (Explicit VR LE as a fallback).
    void store(const QStringList& files);
    void cancel() { m_cancel.store(true); }

private:
    PacsNode m_node;
    int m_timeoutSeconds;
    std::atomic_bool m_cancel{false};
};

} // namespace chexview
