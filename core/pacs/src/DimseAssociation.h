#pragma once

#include "chexview/pacs/PacsNode.h"

#include <dcmtk/dcmnet/scu.h>

namespace chexview {

/// Association set-up shared by DimseClient's services (private to chexview_pacs): AE titles,
/// timeouts, presentation contexts, and the translation of association failures into PacsError.
class DimseAssociation
{
public:
    static void configure(DcmSCU& scu, const PacsNode& node, int timeoutSeconds);
    /// initNetwork + negotiateAssociation; throws PacsError (ConnectionRefused, HostNotFound,
    /// Timeout, AssociationRejected).
    static void open(DcmSCU& scu, const PacsNode& node);
    static void release(DcmSCU& scu);
    static OFList<OFString> uncompressedSyntaxes();
    /// Every transfer syntax the image pipeline decodes, compressed ones included.
    static OFList<OFString> decodableSyntaxes();
    /// One SCP-role context per (image SOP class, decodable transfer syntax).
    static void addStorageContexts(DcmSCU& scu);
};

} // namespace chexview
