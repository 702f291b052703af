#pragma once

#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/InstanceRecord.h"
#include "chexview/pacs/PacsNode.h"
#include "chexview/pacs/StudyQuery.h"
#include "chexview/pacs/StudyRecord.h"

#include <atomic>
#include <functional>
#include <memory>

namespace chexview {

class DimseInterrupt;

/// DIMSE services on DCMTK's dcmnet: C-ECHO, study-root C-FIND (study level, or image level
/// within one study), C-GET of a study or of single instances into an InstanceCache and
/// C-STORE. C-GET proposes every storage transfer syntax chexview decodes (uncompressed, deflate,
/// big endian, JPEG baseline/extended/lossless, JPEG-LS, RLE, JPEG 2000) as separate
/// presentation contexts per image SOP class, so the PACS can send what it stored untouched;
/// objects arrive bit-preserved (dataset bytes as sent, plus a meta header). Each call opens and
/// releases its own association; every step has the timeout given at construction.
/// Failures are PacsError (refused, rejected, timeout, DIMSE status); a C-GET or C-MOVE that
/// stops early keeps what was received and names what was not (the study's instances are listed
/// by an image-level C-FIND first). C-MOVE runs chexview's own storage SCP for the call.
/// cancel() stops the call at once, whatever it waits for (the TCP connection, the association,
/// a response, the next instance): its socket is shut down and the call throws PacsError
/// Cancelled (a retrieve keeping what arrived); every later call of this client is cancelled
/// too. Only a TCP connect() still in progress runs to its own timeout.
/// Thread contract: one client per thread; cancel() may be called from any thread.
class DimseClient
{
public:
    using InstanceReceived = std::function<void(const CachedInstance&)>;

    explicit DimseClient(const PacsNode& node, int timeoutSeconds = 30);
    ~DimseClient();
    DimseClient(const DimseClient&) = delete;
    DimseClient& operator=(const DimseClient&) = delete;

    /// C-ECHO; returns a one-line description of the verified association.
    QString echo();
    QList<StudyRecord> findStudies(const StudyQuery& query);
    /// Study-level C-GET; returns the number of instances received.
    int getStudy(const QString& studyInstanceUid, InstanceCache& cache,
                 const InstanceReceived& onInstance = {});
    /// Study-level C-MOVE to chexview's own storage SCP: listens as `moveAet` on `movePort` for
    /// the duration of the call (the PACS must list `moveAet` as a modality at this host and
    /// port), receives bit-preserving like C-GET and returns the number of instances received.
    /// A transfer that stops early (association dropped, PACS gone) keeps what arrived and the
    /// PacsError names what did not.
    int moveStudy(const QString& studyInstanceUid, InstanceCache& cache, const QString& moveAet,
                  int movePort, const InstanceReceived& onInstance = {});
    /// Image-level C-FIND (study root) of one study, with the SOP Class UID as a key when
    /// `sopClassUid` is given: the instances (of that class: an answer of another class is
    /// dropped, should a PACS not match on it).
    QList<InstanceRecord> findInstances(const QString& studyInstanceUid,
                                        const QString& sopClassUid = {});
    /// Image-level C-GET of just these instances, one request each on one association that
    /// proposes only their SOP classes; returns the number received. Like getStudy, what
    /// arrived before a failure is kept and the PacsError names what did not.
    int getInstances(const QList<InstanceRecord>& instances, InstanceCache& cache,
                     const InstanceReceived& onInstance = {});
    /// SOP Instance UIDs of a study (image-level C-FIND); empty if the PACS does not answer one.
    QStringList listInstances(const QString& studyInstanceUid);
    /// "; not received: N instance(s) (UID, ...)" for the expected UIDs missing from the cache
    /// ("" if none or nothing was expected).
    static QString missingText(const QStringList& expected, const InstanceCache& cache);
    /// C-STORE of each file in its own transfer syntax (Explicit VR LE as a fallback).
    void store(const QStringList& files);
    void cancel();

private:
    PacsNode m_node;
    int m_timeoutSeconds;
    std::atomic_bool m_cancel{false};
    std::unique_ptr<DimseInterrupt> m_interrupt; ///< every association's transport
};

} // namespace chexview
