#pragma once

#include "InterruptibleScu.h"
#include "chexview/pacs/PacsNode.h"

#include <QStringList>

#include <dcmtk/dcmnet/scu.h>

#include <vector>

namespace chexview {

/// Association set-up shared by DimseClient's services (private to chexview_pacs): AE titles,
/// timeouts, presentation contexts, and the translation of association failures into PacsError.
class DimseAssociation
{
public:
    /// dcmnet logs only fatal errors (ours are PacsError); once per process.
    static void quietLogs();
    static void configure(DcmSCU& scu, const PacsNode& node, int timeoutSeconds);
    /// initNetwork + negotiateAssociation; throws PacsError (ConnectionRefused, HostNotFound,
    /// Timeout, AssociationRejected; Cancelled when the scu's interrupt stops it).
    static void open(InterruptibleScu& scu, const PacsNode& node);
    /// configure, one presentation context for `sopClass` in the uncompressed syntaxes, open:
    /// the association of a single-service request (C-ECHO, C-FIND, C-MOVE).
    static void openFor(InterruptibleScu& scu, const PacsNode& node, int timeoutSeconds,
                        const char* sopClass);
    static void release(DcmSCU& scu);
    /// After a request: when the scu was interrupted, aborts the association and throws
    /// PacsError Cancelled.
    static void throwIfInterrupted(InterruptibleScu& scu);
    /// After a C-FIND's last response: throwIfInterrupted, release, then PacsError
    /// (DimseFailure) when the request failed or its final status is not success.
    static void endFind(InterruptibleScu& scu, const OFCondition& cond, Uint16 finalStatus);
    /// The reason of an A-ASSOCIATE-RJ, read from a second, verification-only request ("" if
    /// the peer does not reject that one), over `interrupt`'s transport.
    static QString rejectReason(const PacsNode& node, int timeoutSeconds,
                                DimseInterrupt& interrupt);
    static OFList<OFString> uncompressedSyntaxes();
    /// Every transfer syntax the image pipeline decodes, compressed ones included.
    static OFList<OFString> decodableSyntaxes();
    /// The image storage SOP classes chexview retrieves (CR, DX, SC, ...).
    static std::vector<const char*> storageClasses();
    /// One SCP-role context per (image SOP class, decodable transfer syntax).
    static void addStorageContexts(DcmSCU& scu);
    /// SCP-role contexts for these SOP classes only (an image-level C-GET): one per decodable
    /// transfer syntax for an image class, per uncompressed one for any other (a report, a
    /// map); throws PacsError(BadArgument) past the 127 contexts left beside the C-GET's.
    static void addStorageContextsFor(DcmSCU& scu, const QStringList& sopClasses);
};

} // namespace chexview
