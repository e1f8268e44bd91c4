// A stand-in for a database container that is still starting: a port on
// 127.0.0.1 that first refuses connections (bound, not listening), then
// accepts and at once closes them (a proxy whose server is not up yet),
// then forwards every connection to the real server.
#pragma once

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace live {

class TcpForwarder {
 public:
  TcpForwarder(int target_port, double refuse_seconds, double drop_seconds);
  ~TcpForwarder();
  TcpForwarder(const TcpForwarder&) = delete;
  TcpForwarder& operator=(const TcpForwarder&) = delete;

  int port() const { return port_; }
  int dropped() const { return dropped_; }      // connections closed unanswered
  int forwarded() const { return forwarded_; }  // connections passed to the server

 private:
  void serve(double refuse_seconds, double drop_seconds);
  void pump(int client);

  int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> dropped_{0};
  std::atomic<int> forwarded_{0};
  std::thread server_;
  std::mutex mutex_;
  std::vector<std::thread> pumps_;
};

}  // namespace live
