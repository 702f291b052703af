#pragma once

#include <functional>

namespace chexview {

/// Named points at chexview's thread boundaries where a test can make the work inside throw
/// (a cv::Exception, a std::bad_alloc) to check that the boundary catches it, reports it and
/// the application stays up. Boundaries: "analysis" (the viewer's analysis thread),
/// "image-load" (the viewer's loader), "batch-decode" (batch inference's decode pool),
/// "evaluation" (an evaluation job's thread), "pacs" (a PACS job's thread).
/// Thread contract: arm()/disarm() from a test's main thread while nothing runs through the
/// point; point() from any thread. Unarmed, point() is one relaxed atomic load.
class FaultInjection
{
public:
    /// Makes the next calls of point(boundary) run `thrower` (until disarm()).
    static void arm(const char* boundary, std::function<void()> thrower);
    static void disarm();
    /// Runs the armed thrower when `boundary` is the armed one.
    static void point(const char* boundary);
};

} // namespace chexview
