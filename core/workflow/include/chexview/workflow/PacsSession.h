#pragma once

#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/InstanceRecord.h"
#include "chexview/pacs/PacsNode.h"
#include "chexview/pacs/StudyQuery.h"
#include "chexview/pacs/StudyRecord.h"
#include "chexview/workflow/CancelToken.h"

#include <QStringList>

#include <functional>

namespace chexview {

/// One interface over a PACS node, whichever protocol it speaks: echo, study search, instance
/// search within a study by SOP class, retrieval of a study (WADO-RS, C-GET, or C-MOVE to
/// chexview's own storage SCP) or of single instances (WADO-RS, C-GET) into an InstanceCache,
/// and storing. The Query PACS dialog, the stored-results panel and the `pacs` commands use it, so
/// protocol choice, timeouts and cancellation are decided once. Each call makes its own client on
/// the calling thread and hooks the client's cancel() to `cancel` for the duration of the call:
/// cancelling ends any call at once (DICOMweb within 0.1 s; DIMSE by shutting the association's
/// socket, also while the peer is silent), except a TCP connect still in progress. Thread contract:
/// a session is an immutable value; call it from any thread (each call is independent; a worker
/// thread in the GUI). Throws PacsError; Cancelled when cancelled.
class PacsSession
{
public:
    enum class Protocol
    {
        DicomWeb,
        Dimse
    };
    enum class Retrieval
    {
        Get, ///< WADO-RS over DICOMweb, C-GET over DIMSE
        Move ///< C-MOVE to our storage SCP (DIMSE)
    };
    struct Options
    {
        Protocol protocol = Protocol::Dimse;
        int timeoutSeconds = 30; ///< per network step
        Retrieval retrieval = Retrieval::Get;
        QString moveAet;  ///< our storage SCP's AE title (default: the calling AE title)
        int movePort = 0; ///< our storage SCP's port (0: the node's storePort)
    };
    using InstanceReceived = std::function<void(const CachedInstance&)>;

    /// DICOMweb when the node has a URL, else DIMSE.
    static Protocol defaultProtocol(const PacsNode& node);
    static Options defaultOptions(const PacsNode& node);

    PacsSession(PacsNode node, Options options);
    const PacsNode& node() const { return m_node; }
    const Options& options() const { return m_options; }

    /// One line saying what answered ("DICOMweb at URL answered: …", "C-ECHO …").
    QString echo(const CancelToken& cancel = {}) const;
    QList<StudyRecord> findStudies(const StudyQuery& query, const CancelToken& cancel = {}) const;
    /// The study's instances into `cache` (kept when the transfer stops early; the PacsError
    /// names what did not arrive); returns how many arrived.
    int retrieveStudy(const QString& studyInstanceUid, InstanceCache& cache,
                      const InstanceReceived& onInstance = {},
                      const CancelToken& cancel = {}) const;
    /// The instances of one study whose SOP class is one of `sopClasses` (QIDO-RS
    /// `studies/UID/instances?SOPClassUID=X` or an image-level C-FIND, one query per class, in
    /// the order of the classes; every instance of the study when `sopClasses` is empty).
    QList<InstanceRecord> findInstances(const QString& studyInstanceUid,
                                        const QStringList& sopClasses,
                                        const CancelToken& cancel = {}) const;
    /// Just these instances into `cache` (WADO-RS per instance, or image-level C-GET; the Move
    /// retrieval is refused with BadArgument: no image-level C-MOVE); kept when the transfer
    /// stops early, as retrieveStudy. Returns how many arrived.
    int retrieveInstances(const QList<InstanceRecord>& instances, InstanceCache& cache,
                          const InstanceReceived& onInstance = {},
                          const CancelToken& cancel = {}) const;
    /// STOW-RS or C-STORE of each file; throws unless every one is acknowledged.
    void store(const QStringList& files, const CancelToken& cancel = {}) const;

private:
    PacsNode m_node;
    Options m_options;
};

} // namespace chexview
