#pragma once

#include "chexview/error/Error.h"

#include <QString>

namespace chexview {

/// Typed failure of a PACS operation (DICOMweb or DIMSE). Safe to copy across threads; the
/// message never contains credentials.
class PacsError : public Error
{
public:
    enum class Code
    {
        BadArgument,         ///< malformed node, URL, UID or query
        ConnectionRefused,   ///< nothing listens at host:port
        HostNotFound,        ///< DNS failure
        Timeout,             ///< a network step made no progress within the timeout
        Tls,                 ///< certificate or handshake failure (never downgraded)
        Unauthorized,        ///< HTTP 401
        Forbidden,           ///< HTTP 403
        HttpStatus,          ///< any other HTTP error status
        AssociationRejected, ///< DIMSE A-ASSOCIATE-RJ
        DimseFailure,        ///< DIMSE status or network failure after association
        Protocol,            ///< wrong content type, broken multipart, malformed JSON
        NotDicom,            ///< a received object is not a DICOM Part 10 object
        TooLarge,            ///< a received object or response exceeds the configured limits
        Truncated,           ///< the peer stopped before the response was complete
        Cancelled,           ///< the user cancelled
        Storage,             ///< the local cache or destination could not be written
    };

    PacsError(Code code, const QString& message);

    Code code() const { return m_code; }
    using Error::codeName;
    /// Stable short name of the code ("connection-refused", "unauthorized", ...).
    static QString codeName(Code code);

private:
    Code m_code;
};

} // namespace chexview
