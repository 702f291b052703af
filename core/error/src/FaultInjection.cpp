#include "chexview/error/FaultInjection.h"

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>

namespace chexview {

namespace {

struct Armed
{
    const char* boundary = nullptr;
    std::function<void()> thrower;
};

std::atomic<bool> g_armed{false};
std::mutex g_mutex;
Armed g_fault;

} // namespace

void FaultInjection::arm(const char* boundary, std::function<void()> thrower)
{
    std::lock_guard<std::mutex> lock(g_mutex);
    g_fault = {boundary, std::move(thrower)};
    g_armed.store(true);
}

void FaultInjection::disarm()
{
    std::lock_guard<std::mutex> lock(g_mutex);
    g_armed.store(false);
    g_fault = {};
}

void FaultInjection::point(const char* boundary)
{
    if (!g_armed.load(std::memory_order_relaxed))
        return;
    std::function<void()> thrower;
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        if (!g_fault.boundary || std::strcmp(g_fault.boundary, boundary) != 0)
            return;
        thrower = g_fault.thrower;
    }
    if (thrower)
        thrower();
}

} // namespace chexview
