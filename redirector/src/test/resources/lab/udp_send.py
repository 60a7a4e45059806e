# Sends N datagrams from one socket to HOST PORT (nothing needs to answer), N times "datagram I".
# Usage: udp_send.py HOST PORT N
import socket, sys, time
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
for i in range(n):
    s.sendto(b"datagram %d" % i, (host, port))
    time.sleep(0.2)
print(s.getsockname()[1])
