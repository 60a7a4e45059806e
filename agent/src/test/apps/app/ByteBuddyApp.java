package app;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/** An app that uses its own Byte Buddy (unrelocated) before doing what {@link SocketApp} does. */
public final class ByteBuddyApp {
  public static void main(String[] args) throws Exception {
    Object generated = new ByteBuddy().subclass(Object.class)
        .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app's own Byte Buddy"))
        .make().load(ByteBuddyApp.class.getClassLoader()).getLoaded().getDeclaredConstructor().newInstance();
    Report.line("generated", generated);
    SocketApp.main(args);
  }
}
